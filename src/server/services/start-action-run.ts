import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { validateFormValues } from "@/lib/form-values";
import { actionRunInput } from "@/lib/run-schemas";
import { getDb } from "../db/client";
import { toolSessions } from "../db/schema";
import { requireUser, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { queueRun, type StoredInputFile } from "./queue-run";
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
export async function startActionRun({ actor, input }: { actor: Actor | null; input: z.input<typeof actionRunInput> }) {
  const who = requireUser(actor, "user", "Bara inloggade användare kan köra verktyg.");
  const { slug, actionId, values, stateRevision } = parseInput(actionRunInput, input);
  const db = getDb();
  const { tool, version, settingsSchema } = await loadPublishedTool(db, slug);

  const latest = await latestResultRun(db, { toolId: tool.id, userId: who.userId });
  const action = latest?.nextActions?.find((candidate) => candidate.action_id === actionId);
  if (!latest || !action) throw new ServiceError("CONFLICT", STALE_STATE_MESSAGE);
  const validation = validateFormValues(action.fields, values);
  if (!validation.ok) throw invalidFields(validation.errors);

  return db.transaction(async (tx) => {
    const [session] = await tx
      .update(toolSessions)
      .set({ stateRevision: stateRevision + 1, updatedAt: new Date() })
      .where(and(eq(toolSessions.toolId, tool.id), eq(toolSessions.userId, who.userId), eq(toolSessions.context, "production"), eq(toolSessions.stateRevision, stateRevision)))
      .returning();
    if (!session) throw new ServiceError("CONFLICT", STALE_STATE_MESSAGE);
    return queueRun(tx, {
      toolId: tool.id,
      userId: who.userId,
      context: "production",
      script: { versionId: version.id },
      // The run's uploaded files again: a follow-up step works on the same class list.
      inputFiles: latest.inputManifest as StoredInputFile[],
      inputValues: {},
      settings: effectiveSettings(session, settingsSchema),
      action: {
        actionId,
        input: validation.values,
        state: session.state as Record<string, unknown>,
        stateRevision: stateRevision + 1,
        label: action.label,
        fields: action.fields,
        fromRunId: latest.id,
      },
    });
  });
}
