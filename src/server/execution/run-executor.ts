import "server-only";
import { PassThrough, type Readable } from "node:stream";
import { and, eq, getTableColumns, or, sql } from "drizzle-orm";
import type { ArtifactStore } from "../artifacts/artifact-store";
import type { Database, DbOrTx } from "../db/client";
import { runArtifacts, toolRuns, toolSessions, toolVersions } from "../db/schema";
import type { StoredInputFile, StoredRunAction } from "../services/queue-run";
import { docker as defaultDocker, type DockerClient } from "./docker-client";
import type { InputFile } from "./docker-runner";
import { deleteLiveEvents, LivePublisher } from "./live-publisher";
import { DEFAULT_ENTRYPOINT, executeScript, timeoutForContext, type ExecuteScriptResult } from "./execute-script";
import { postgresSafeJson, postgresSafeText } from "./postgres-safe";
import { MESSAGES } from "./result-normalizer";
import { metrics } from "../observability/metrics";
import { LABEL_RUN_ID } from "./container-spec";
import { isDockerUnavailable, retryWhileDatabaseDown, waitForDocker } from "./infrastructure-faults";
import type { RunnerPool } from "./pool";
import { enqueueRun, notifyRunChanged, RUN_EVENTS_CHANNEL } from "./queue";
import { componentLogger } from "../observability/logger";

const log = componentLogger("worker");

export const INFRASTRUCTURE_FAILURE_MESSAGE =
  "Körningen kunde inte genomföras på grund av ett tekniskt fel hos Skriptoteket. Försök igen om en stund.";
/**
 * Docker went away under a running run. The same words as a container stopped from outside:
 * which of the two a daemon restart looks like depends on whether the daemon answers again
 * before the runner asks how the container ended, and the teacher should not see a race.
 */
export const DOCKER_INTERRUPTED_MESSAGE = MESSAGES.stoppedFromOutside;

/** The longest a finished run's container waits for its result to be stored before it is removed. */
const TEARDOWN_WAIT_MS = 2_000;

export type ExecutorDeps = {
  db: Database;
  store: ArtifactStore;
  workerId: string;
  /** Live runs of this worker, so a cancel notification can reach the right container. */
  cancels: Map<string, AbortController>;
  docker?: DockerClient;
  /** The worker's warm pool, when it keeps one. */
  pool?: RunnerPool | null;
};

/** A stream the runner can take synchronously, filled from the store as soon as it opens. */
function openFromStore(store: ArtifactStore, key: string): Readable {
  const out = new PassThrough();
  store.open(key).then(
    (source) => {
      source.on("error", (error) => out.destroy(error));
      source.pipe(out);
    },
    (error: Error) => out.destroy(error),
  );
  return out;
}

/**
 * Executes one queued run end to end: claim it (only a `queued` run is taken, so a cancelled or
 * already-recovered run is a no-op), run the container, store the outcome. A tool's failure is
 * data; an infrastructure fault fails the run with a plain message and is logged. Database
 * writes and reads wait out a Postgres restart (retryWhileDatabaseDown).
 */
export async function executeQueuedRun(runId: string, deps: ExecutorDeps): Promise<void> {
  const { cancels } = deps;
  // Listening for a cancel before the claim: one requested before it is on the claimed row, one
  // after it reaches this controller.
  const controller = new AbortController();
  cancels.set(runId, controller);
  try {
    await claimAndExecute(runId, deps, controller);
  } finally {
    cancels.delete(runId);
  }
}

async function claimAndExecute(runId: string, deps: ExecutorDeps, controller: AbortController): Promise<void> {
  const { db, store, workerId } = deps;
  const [claimed] = await retryWhileDatabaseDown("claiming a run", () =>
    db
      .update(toolRuns)
      .set({ status: "running", startedAt: new Date(), workerId, attempts: sql`${toolRuns.attempts} + 1` })
      // Or already ours: a retried claim whose first attempt committed before the connection broke.
      .where(and(eq(toolRuns.id, runId), or(eq(toolRuns.status, "queued"), and(eq(toolRuns.status, "running"), eq(toolRuns.workerId, workerId)))))
      // One round trip for the claim, its announcement and the script (a queue of short runs
      // is bound by the worker's CPU, and every statement costs some: bench:queue).
      .returning({ ...getTableColumns(toolRuns), ...CLAIM_EXTRAS }),
  );
  if (!claimed) return;
  const { versionSource, versionEntrypoint, ...run } = claimed;
  if (run.cancelRequestedAt) controller.abort();
  const claimedAt = run.startedAt ?? new Date();
  metrics.queueWait.observe({ context: run.context }, Math.max(0, claimedAt.getTime() - run.queuedAt.getTime()) / 1000);
  metrics.workerRunsInProgress.inc();
  log.info({ runId, toolId: run.toolId, userId: run.userId, context: run.context, workerId }, "run started");
  const finish = (status: string) => {
    const seconds = (Date.now() - claimedAt.getTime()) / 1000;
    metrics.runsFinished.inc({ context: run.context, status });
    metrics.executionTime.observe({ context: run.context, status }, seconds);
    log.info({ runId, status, durationMs: Math.round(seconds * 1000) }, "run finished");
  };

  // Contributors see the logs of a TESTKÖR live; teachers only what the tool reports as progress.
  let handedOver = false;
  const live = new LivePublisher(db, runId, { logs: run.context === "sandbox" });
  // The container is torn down (and the pool refilled) once the result is stored, not during it
  // — or after TEARDOWN_WAIT_MS at the latest, so that a database that is down (the write waits
  // for it) does not keep finished containers around.
  let resultStored!: () => void;
  const teardownAfter = new Promise<void>((resolve) => (resultStored = resolve));
  let teardownTimer: NodeJS.Timeout | undefined;
  try {
    const script = scriptOf(run, versionSource, versionEntrypoint);
    const manifest = run.inputManifest as StoredInputFile[];
    const result = await executeScript({
      runId,
      script: script.source,
      entrypoint: script.entrypoint,
      inputFiles: manifest.map((file): InputFile => ({ name: file.name, bytes: file.bytes, open: () => openFromStore(store, file.storeKey) })),
      inputValues: run.inputValues as Record<string, unknown>,
      settings: run.settingsUsed as Record<string, unknown>,
      action: toRunnerAction(run.action),
      timeoutSeconds: timeoutForContext(run.context),
      store,
      artifactPrefix: `runs/${runId}`,
      signal: controller.signal,
      docker: deps.docker,
      onLive: (event) => live.add(event),
      onHandOver: () => (handedOver = true),
      pool: deps.pool,
      teardownAfter,
    });
    teardownTimer = setTimeout(() => resultStored(), TEARDOWN_WAIT_MS);
    teardownTimer.unref();
    await live.close();
    const stored = await retryWhileDatabaseDown("storing a run's result", () => storeResult(db, run, workerId, result, live.wroteRows));
    // Another worker declared this one dead and failed the run meanwhile: its files are orphans.
    // (Unless a retried write finds its own first attempt committed.)
    const kept = stored || (await storedAlready(db, runId, workerId, result));
    if (!kept) {
      await store.deletePrefix(`runs/${runId}`);
      await deleteLiveEvents(db, runId);
    }
    finish(kept ? result.status : "failed");
  } catch (error) {
    resultStored();
    await live.close();
    // A daemon that restarted under the run hangs up on us or no longer answers: say so.
    const dockerGone = isDockerUnavailable(error) || !(await (deps.docker ?? defaultDocker).ping().then(() => true, () => false));
    // A run whose container was never handed its input (and never started) has done nothing
    // yet: it goes back in the queue. A warm container carries no run label, so the hand-over
    // is what tells; a tool that may have run is never run again behind the user's back.
    if (dockerGone && !handedOver && (await requeueIfNeverStarted(db, runId, workerId, deps.docker ?? defaultDocker))) {
      await retryWhileDatabaseDown("clearing a run's live output", () => deleteLiveEvents(db, runId));
      return;
    }
    log.error({ err: error, runId, dockerGone }, "run failed on infrastructure");
    const errorSummary = dockerGone ? DOCKER_INTERRUPTED_MESSAGE : INFRASTRUCTURE_FAILURE_MESSAGE;
    await retryWhileDatabaseDown("failing a run", async () => {
      await deleteLiveEvents(db, runId);
      await db
        .update(toolRuns)
        .set({ status: "failed", finishedAt: new Date(), errorSummary })
        .where(and(eq(toolRuns.id, runId), eq(toolRuns.status, "running"), eq(toolRuns.workerId, workerId)));
      await notifyRunChanged(db, runId);
    });
    finish("failed");
  } finally {
    clearTimeout(teardownTimer);
    resultStored();
    metrics.workerRunsInProgress.dec();
  }
}

/** Whether the row already holds exactly this outcome from this worker. */
async function storedAlready(db: Database, runId: string, workerId: string, result: ExecuteScriptResult): Promise<boolean> {
  const [row] = await retryWhileDatabaseDown("reading a run", () =>
    db.select({ status: toolRuns.status, workerId: toolRuns.workerId, errorSummary: toolRuns.errorSummary }).from(toolRuns).where(eq(toolRuns.id, runId)),
  );
  const expectedSummary = result.errorSummary === null ? null : postgresSafeText(result.errorSummary);
  return row?.status === result.status && row.workerId === workerId && row.errorSummary === expectedSummary;
}

/**
 * After Docker went away under a run: once it answers again, a run none of whose containers
 * ever started is put back in the queue (same job key, so one job per run). A run whose tool
 * had started is failed instead — runs are retried by people, never behind their back.
 */
async function requeueIfNeverStarted(db: Database, runId: string, workerId: string, docker: DockerClient): Promise<boolean> {
  if (!(await waitForDocker(docker))) return false;
  try {
    const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_RUN_ID}=${runId}`] } });
    for (const info of containers) {
      const state = (await docker.getContainer(info.Id).inspect()).State;
      if (state.StartedAt && !state.StartedAt.startsWith("0001-")) return false;
    }
  } catch {
    return false;
  }
  return retryWhileDatabaseDown("requeuing a run", () =>
    db.transaction(async (tx) => {
      const [back] = await tx
        .update(toolRuns)
        .set({ status: "queued", startedAt: null, workerId: null })
        .where(and(eq(toolRuns.id, runId), eq(toolRuns.status, "running"), eq(toolRuns.workerId, workerId)))
        .returning({ id: toolRuns.id });
      if (!back) return false;
      await enqueueRun(tx, runId);
      log.warn({ runId }, "Docker was unavailable before the run started; back in the queue");
      return true;
    }),
  );
}

/** The stored follow-up action (camelCase, with our revision) → the contract's SKRIPTOTEKET_ACTION. */
function toRunnerAction(stored: unknown) {
  if (!stored) return null;
  const action = stored as StoredRunAction;
  return { action_id: action.actionId, input: action.input, state: action.state };
}

/** What the claim's RETURNING adds to the row: the announcement (pg_notify) and the version's script. */
const CLAIM_EXTRAS = {
  announced: sql<string>`pg_notify(${RUN_EVENTS_CHANNEL}, ${toolRuns.id}::text)`,
  versionSource: sql<string | null>`(select ${toolVersions.sourceCode} from ${toolVersions} where ${toolVersions.id} = ${toolRuns.versionId})`,
  versionEntrypoint: sql<string | null>`(select ${toolVersions.entrypoint} from ${toolVersions} where ${toolVersions.id} = ${toolRuns.versionId})`,
};

function scriptOf(run: typeof toolRuns.$inferSelect, versionSource: string | null, versionEntrypoint: string | null): { source: string; entrypoint: string } {
  if (run.adHocSource !== null) return { source: run.adHocSource, entrypoint: run.adHocEntrypoint ?? DEFAULT_ENTRYPOINT };
  if (!run.versionId) throw new Error(`run ${run.id} has neither a version nor ad-hoc source`);
  if (versionSource === null) throw new Error(`version ${run.versionId} of run ${run.id} is missing`);
  return { source: versionSource, entrypoint: versionEntrypoint ?? DEFAULT_ENTRYPOINT };
}

/**
 * Stores the outcome and announces it. Only the worker that holds the run may finish it: if
 * this worker was (wrongly) declared dead and the run failed meanwhile, the recorded failure
 * stands. A run with nothing else to write (no live rows, artifacts or state — most short
 * runs) is one statement; otherwise one transaction.
 */
async function storeResult(db: Database, run: typeof toolRuns.$inferSelect, workerId: string, result: ExecuteScriptResult, liveRowsWritten: boolean): Promise<boolean> {
  const interactive = result.status === "succeeded" && result.state !== null;
  const finish = (tx: DbOrTx) =>
    tx
      .update(toolRuns)
      .set({
        status: result.status,
        startedAt: result.startedAt,
        finishedAt: result.finishedAt,
        exitCode: result.exitCode,
        stdout: postgresSafeText(result.stdout),
        stderr: postgresSafeText(result.stderr),
        stdoutTruncated: result.stdoutTruncated,
        stderrTruncated: result.stderrTruncated,
        uiPayload: postgresSafeJson(result.uiPayload),
        errorSummary: result.errorSummary === null ? null : postgresSafeText(result.errorSummary),
      })
      .where(and(eq(toolRuns.id, run.id), eq(toolRuns.status, "running"), eq(toolRuns.workerId, workerId)))
      // Delivered at commit inside a transaction, like the notify it replaces.
      .returning({ id: toolRuns.id, announced: sql<string>`pg_notify(${RUN_EVENTS_CHANNEL}, ${toolRuns.id}::text)` });
  // Live rows exist only if this attempt wrote them: a run is claimed again only when its
  // container was never handed its input (run-recovery, requeueIfNeverStarted).
  if (!liveRowsWritten && result.artifacts.length === 0 && !interactive) return (await finish(db)).length > 0;
  return db.transaction(async (tx) => {
    const [updated] = await finish(tx);
    if (!updated) return false;
    if (liveRowsWritten) await deleteLiveEvents(tx, run.id);
    if (result.artifacts.length > 0) {
      await tx.insert(runArtifacts).values(
        result.artifacts.map((artifact) => ({
          runId: run.id,
          path: postgresSafeText(artifact.path),
          bytes: artifact.bytes,
          sha256: artifact.sha256,
          contentType: artifact.contentType,
          storeKey: artifact.key,
        })),
      );
    }
    if (interactive) {
      // Interactive tools: the state the next action run starts from, with a new revision.
      const state = postgresSafeJson(result.state);
      await tx
        .insert(toolSessions)
        .values({ toolId: run.toolId, userId: run.userId, context: run.context, state, stateRevision: 1 })
        .onConflictDoUpdate({
          target: [toolSessions.toolId, toolSessions.userId, toolSessions.context],
          set: { state, stateRevision: sql`${toolSessions.stateRevision} + 1`, updatedAt: new Date() },
        });
    }
    return true;
  });
}
