import "server-only";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { env } from "@/env";
import type { RunContext } from "@/lib/domain";
import type { ActionField } from "@/lib/ui-contract";
import { getDb, type DbOrTx } from "../db/client";
import { toolRuns } from "../db/schema";
import { enqueueRun } from "../execution/queue";
import { componentLogger } from "../observability/logger";
import { metrics } from "../observability/metrics";
import { ServiceError } from "./service-error";

const log = componentLogger("runs");

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

/** Runs that hold a place in the queue or a container. */
const ACTIVE_RUN_STATUSES = ["queued", "running"] as const;

export function tooManyActiveRuns(limit: number): ServiceError {
  return new ServiceError(
    "RATE_LIMITED",
    `Du har redan ${limit} ${limit === 1 ? "körning" : "körningar"} i kön eller igång, och fler än så får ingen ha på en gång – andra lärare väntar i samma kö. Vänta tills en av dem är klar (oftast inom någon minut) och försök sedan igen.`,
  );
}

async function countActiveRuns(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ active: count() })
    .from(toolRuns)
    .where(and(eq(toolRuns.userId, userId), inArray(toolRuns.status, [...ACTIVE_RUN_STATUSES])));
  return row?.active ?? 0;
}

/**
 * An early, unlocked look at the limit, for the upload route: refuse before receiving 50 MB of
 * files that could not be run anyway. queueRun checks again, atomically.
 */
export async function checkActiveRunLimit(userId: string, limit = env.RUN_MAX_ACTIVE_PER_USER): Promise<void> {
  if ((await countActiveRuns(getDb(), userId)) >= limit) throw tooManyActiveRuns(limit);
}

/**
 * Inserts the `queued` run and its job in the caller's transaction: both exist or neither.
 * Callers (KÖR, TESTKÖR, follow-up actions, Kör igen) have already checked the actor's rights
 * and validated the inputs against the version's schema.
 *
 * Every way a run is queued comes through here, so this is where the per-user limit
 * (`RUN_MAX_ACTIVE_PER_USER`) lives. A transaction-scoped advisory lock per user serializes
 * that user's enqueues: the count below is taken after the previous enqueue committed, so 40
 * calls in one batch (or 40 parallel requests) cannot all see "0 active" and pass together.
 * Other users never wait on this lock. `activeLimit: null` is for tests of the queue itself.
 */
export async function queueRun(tx: DbOrTx, input: QueueRunInput, options: { activeLimit?: number | null } = {}): Promise<{ runId: string }> {
  const limit = options.activeLimit === undefined ? env.RUN_MAX_ACTIVE_PER_USER : options.activeLimit;
  if (limit !== null) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`run-limit:${input.userId}`}, 0))`);
    if ((await countActiveRuns(tx, input.userId)) >= limit) throw tooManyActiveRuns(limit);
  }
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
  metrics.runsQueued.inc({ context: input.context });
  log.info({ runId: run.id, toolId: input.toolId, userId: input.userId, context: input.context, inputFiles: input.inputFiles.length }, "run queued");
  return { runId: run.id };
}
