import "server-only";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { getArtifactStore } from "../artifacts/default-artifact-store";
import type { z } from "zod";
import { validateFormValues } from "@/lib/form-values";
import { actionRunInput } from "@/lib/run-schemas";
import { getDb } from "../db/client";
import { requireUser, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { queueFollowUp } from "./queue-follow-up";
import type { StoredInputFile } from "./queue-run";
import { invalidFields, ServiceError } from "./service-error";
import { effectiveSettings, latestResultRun, loadPublishedTool } from "./tool-access";

export const STALE_STATE_MESSAGE =
  "Verktyget har gått vidare sedan sidan visades (kanske i en annan flik). Ladda om sidan och försök igen.";

/**
 * A follow-up action of an interactive tool: the submitted form must be one the tool offered
 * in its latest result, and the page must have shown the current state revision. The revision
 * is claimed in the same transaction that queues the run, so two submissions of one state
 * cannot both run: the second gets a conflict before anything runs.
 */
export async function startActionRun({ actor, input, store = getArtifactStore() }: { actor: Actor | null; input: z.input<typeof actionRunInput>; store?: ArtifactStore }) {
  const who = requireUser(actor, "user", "Bara inloggade användare kan köra verktyg.");
  const { slug, actionId, values, stateRevision } = parseInput(actionRunInput, input);
  const db = getDb();
  const { tool, version, settingsSchema } = await loadPublishedTool(db, slug);

  const latest = await latestResultRun(db, { toolId: tool.id, userId: who.userId });
  const action = latest?.nextActions?.find((candidate) => candidate.action_id === actionId);
  if (!latest || !action) throw new ServiceError("CONFLICT", STALE_STATE_MESSAGE);
  const validation = validateFormValues(action.fields, values);
  if (!validation.ok) throw invalidFields(validation.errors);

  return queueFollowUp(db, {
    toolId: tool.id,
    userId: who.userId,
    context: "production",
    stateRevision,
    staleMessage: STALE_STATE_MESSAGE,
    fromRunId: latest.id,
    action,
    actionInput: validation.values,
    // The run's uploaded files again: a follow-up step works on the same class list.
    run: { script: { versionId: version.id }, inputFiles: latest.inputManifest as StoredInputFile[] },
    store,
    settings: (session) => effectiveSettings(session, settingsSchema),
  });
}
