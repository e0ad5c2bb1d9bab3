import "server-only";
import type { RunContext } from "@/lib/domain";
import type { ActionField } from "@/lib/ui-contract";
import type { DbOrTx } from "../db/client";
import { toolRuns } from "../db/schema";
import { enqueueRun, notifyRunChanged } from "../execution/queue";
import { ServiceError } from "./service-error";

/** One uploaded file as stored before the run is queued (bytes live in the artifact store). */
export type StoredInputFile = { name: string; bytes: number; storeKey: string };

/**
 * A follow-up action as stored on its run. actionId, input and state go to the script; the
 * rest is for people: the form's label and fields (to show what was chosen) and the run whose
 * result offered the form (absent on runs stored before it was kept).
 */
export type StoredRunAction = {
  actionId: string;
  input: Record<string, unknown>;
  state: Record<string, unknown>;
  stateRevision: number;
  label?: string;
  fields?: ActionField[];
  fromRunId?: string;
};

export type QueueRunInput = {
  toolId: string;
  userId: string;
  context: RunContext;
  /** A saved version, or (TESTKÖR of unsaved editor content) the source itself. */
  script: { versionId: string } | { adHocSource: string; entrypoint: string };
  /** TESTKÖR: the content hash of what runs (see tool_runs.content_hash). */
  contentHash?: string | null;
  inputFiles: StoredInputFile[];
  inputValues: Record<string, unknown>;
  settings: Record<string, unknown>;
  action?: StoredRunAction | null;
};

/**
 * Inserts the `queued` run and its job in the caller's transaction: both exist or neither.
 * Callers (KÖR, TESTKÖR, follow-up actions) have already checked the actor's rights and
 * validated the inputs against the version's schema.
 */
export async function queueRun(tx: DbOrTx, input: QueueRunInput): Promise<{ runId: string }> {
  const [run] = await tx
    .insert(toolRuns)
    .values({
      toolId: input.toolId,
      userId: input.userId,
      context: input.context,
      versionId: "versionId" in input.script ? input.script.versionId : null,
      adHocSource: "adHocSource" in input.script ? input.script.adHocSource : null,
      adHocEntrypoint: "adHocSource" in input.script ? input.script.entrypoint : null,
      contentHash: input.contentHash ?? null,
      inputManifest: input.inputFiles,
      inputValues: input.inputValues,
      settingsUsed: input.settings,
      action: input.action ?? null,
    })
    .returning({ id: toolRuns.id });
  if (!run) throw new ServiceError("INTERNAL", "Körningen kunde inte läggas i kön.");
  await enqueueRun(tx, run.id);
  await notifyRunChanged(tx, run.id);
  return { runId: run.id };
}
