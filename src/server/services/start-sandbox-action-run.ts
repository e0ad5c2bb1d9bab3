import "server-only";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { getArtifactStore } from "../artifacts/default-artifact-store";
import { validateFormValues } from "@/lib/form-values";
import { sandboxActionInput, type SandboxActionInput } from "@/lib/version-schemas";
import { getDb } from "../db/client";
import type { Actor } from "./actor";
import { loadMaintainedTool, requireContributor } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { queueFollowUp } from "./queue-follow-up";
import type { StoredInputFile } from "./queue-run";
import { invalidFields, ServiceError } from "./service-error";
import { latestResultRun } from "./tool-access";

export const STALE_SANDBOX_STATE_MESSAGE =
  "Testkörningen har gått vidare sedan formuläret visades (kanske i en annan flik eller med en ny TESTKÖR). " +
  "Inget kördes. Fortsätt från den senaste testkörningen eller tryck TESTKÖR igen.";

/**
 * A follow-up step of an interactive tool under TESTKÖR, exactly as KÖR's follow-ups work
 * (start-action-run.ts), in the contributor's own sandbox session: the form must be one the
 * contributor's latest successful TESTKÖR offered, and the page must have shown the current
 * sandbox state revision, claimed in the transaction that queues the run.
 *
 * It runs the same script as the step it continues: the same saved version, or the very
 * working copy the first step ran (kept on that run), not whatever the editor holds now — state
 * written by one script is never fed to another, and the run's content hash stays exact
 * evidence for review. Settings are those the first step ran with; the files those it was given.
 */
export async function startSandboxActionRun({ actor, input, store = getArtifactStore() }: { actor: Actor | null; input: SandboxActionInput; store?: ArtifactStore }) {
  const who = requireContributor(actor);
  const { toolId, runId, actionId, values, stateRevision } = parseInput(sandboxActionInput, input);
  const db = getDb();
  const tool = await loadMaintainedTool(db, who, toolId);

  const latest = await latestResultRun(db, { toolId: tool.id, userId: who.userId, context: "sandbox" });
  const action = latest?.id === runId ? latest.nextActions?.find((candidate) => candidate.action_id === actionId) : undefined;
  if (!latest || !action) throw new ServiceError("CONFLICT", STALE_SANDBOX_STATE_MESSAGE);
  const validation = validateFormValues(action.fields, values);
  if (!validation.ok) throw invalidFields(validation.errors);
  const script = latest.versionId
    ? { versionId: latest.versionId }
    : latest.adHocSource !== null
      ? { adHocSource: latest.adHocSource, entrypoint: latest.adHocEntrypoint ?? "run_tool" }
      : null;
  if (!script) throw new ServiceError("INTERNAL", `sandbox run ${latest.id} has no script`);

  return queueFollowUp(db, {
    toolId: tool.id,
    userId: who.userId,
    context: "sandbox",
    stateRevision,
    staleMessage: STALE_SANDBOX_STATE_MESSAGE,
    fromRunId: latest.id,
    action,
    actionInput: validation.values,
    // The step's uploaded files again, as KÖR's follow-ups get them: the same class list.
    run: { script, contentHash: latest.contentHash, inputFiles: latest.inputManifest as StoredInputFile[] },
    settings: () => (latest.settingsUsed ?? {}) as Record<string, unknown>,
    store,
  });
}
