import "server-only";
import { PassThrough, type Readable } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import type { ArtifactStore } from "../artifacts/artifact-store";
import type { Database } from "../db/client";
import { runArtifacts, toolRuns, toolSessions, toolVersions } from "../db/schema";
import type { StoredInputFile, StoredRunAction } from "../services/queue-run";
import type { DockerClient } from "./docker-client";
import type { InputFile } from "./docker-runner";
import { DEFAULT_ENTRYPOINT, executeScript, timeoutForContext, type ExecuteScriptResult } from "./execute-script";
import { postgresSafeJson, postgresSafeText } from "./postgres-safe";
import type { RunnerPool } from "./pool";
import { notifyRunChanged } from "./queue";

export const INFRASTRUCTURE_FAILURE_MESSAGE =
  "Körningen kunde inte genomföras på grund av ett tekniskt fel hos Skriptoteket. Försök igen om en stund.";

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
 * data; an infrastructure fault fails the run with a plain message and is logged.
 */
export async function executeQueuedRun(runId: string, deps: ExecutorDeps): Promise<void> {
  const { db, store, workerId, cancels } = deps;
  const [run] = await db
    .update(toolRuns)
    .set({ status: "running", startedAt: new Date(), workerId, attempts: sql`${toolRuns.attempts} + 1` })
    .where(and(eq(toolRuns.id, runId), eq(toolRuns.status, "queued")))
    .returning();
  if (!run) return;
  await notifyRunChanged(db, runId);

  const controller = new AbortController();
  cancels.set(runId, controller);
  try {
    // A cancel that arrived between the claim and here was flagged on the row.
    const [fresh] = await db.select({ cancelRequestedAt: toolRuns.cancelRequestedAt }).from(toolRuns).where(eq(toolRuns.id, runId));
    if (fresh?.cancelRequestedAt) controller.abort();

    const script = await loadScript(db, run);
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
      pool: deps.pool,
    });
    const stored = await storeResult(db, run, workerId, result);
    // Another worker declared this one dead and failed the run meanwhile: its files are orphans.
    if (!stored) await store.deletePrefix(`runs/${runId}`);
  } catch (error) {
    console.error(`[worker] run ${runId} failed on infrastructure:`, error);
    await db
      .update(toolRuns)
      .set({ status: "failed", finishedAt: new Date(), errorSummary: INFRASTRUCTURE_FAILURE_MESSAGE })
      .where(and(eq(toolRuns.id, runId), eq(toolRuns.status, "running"), eq(toolRuns.workerId, workerId)));
    await notifyRunChanged(db, runId);
  } finally {
    cancels.delete(runId);
  }
}

/** The stored follow-up action (camelCase, with our revision) → the contract's SKRIPTOTEKET_ACTION. */
function toRunnerAction(stored: unknown) {
  if (!stored) return null;
  const action = stored as StoredRunAction;
  return { action_id: action.actionId, input: action.input, state: action.state };
}

async function loadScript(db: Database, run: typeof toolRuns.$inferSelect): Promise<{ source: string; entrypoint: string }> {
  if (run.adHocSource !== null) return { source: run.adHocSource, entrypoint: run.adHocEntrypoint ?? DEFAULT_ENTRYPOINT };
  if (!run.versionId) throw new Error(`run ${run.id} has neither a version nor ad-hoc source`);
  const [version] = await db
    .select({ source: toolVersions.sourceCode, entrypoint: toolVersions.entrypoint })
    .from(toolVersions)
    .where(eq(toolVersions.id, run.versionId));
  if (!version) throw new Error(`version ${run.versionId} of run ${run.id} is missing`);
  return version;
}

async function storeResult(db: Database, run: typeof toolRuns.$inferSelect, workerId: string, result: ExecuteScriptResult): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Only the worker that holds the run may finish it: if this worker was (wrongly) declared
    // dead and the run failed meanwhile, the recorded failure stands.
    const [updated] = await tx
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
      .returning({ id: toolRuns.id });
    if (!updated) return false;
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
    if (result.status === "succeeded" && result.state !== null) {
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
    await notifyRunChanged(tx, run.id);
    return true;
  });
}
