import "server-only";
import { run, type Runner } from "graphile-worker";
import { env } from "@/env";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { getSql, type Database } from "../db/client";
import type { DockerClient } from "./docker-client";
import { containersRemoved } from "./docker-runner";
import { RunnerPool, setActivePool } from "./pool";
import { EXECUTE_RUN_TASK, quietLogger, RUN_CANCEL_CHANNEL } from "./queue";
import { executeQueuedRun } from "./run-executor";
import { reapOrphanContainers, recoverAbandonedRuns } from "./run-recovery";
import { startHeartbeat } from "./worker-heartbeat";

export type WorkerOptions = {
  workerId: string;
  databaseUrl: string;
  db: Database;
  store: ArtifactStore;
  concurrency: number;
  staleSeconds: number;
  docker?: DockerClient;
  /** Warm-pool containers to keep waiting (default: env.RUNNER_POOL_SIZE, else `concurrency`); 0 = none. */
  poolSize?: number;
  /** A pool the caller owns (started and stopped by it) instead of the worker's own; benchmarks. */
  pool?: RunnerPool | null;
};

/**
 * One worker process: takes `execute-run` jobs from the queue, at most `concurrency` at once
 * (the rest wait in the queue, in order), listens for cancel requests, reports its health and
 * cleans up after dead workers, and keeps a warm pool of runner containers (see pool.ts). Any
 * number of these may share one database.
 */
export async function startWorker(options: WorkerOptions) {
  const { db, workerId } = options;
  const cancels = new Map<string, AbortController>();
  const poolSize = options.poolSize ?? env.RUNNER_POOL_SIZE ?? options.concurrency;
  let activeRuns = 0;
  const ownPool =
    options.pool === undefined && poolSize > 0
      ? new RunnerPool({ size: poolSize, docker: options.docker, busy: () => activeRuns >= options.concurrency }).start()
      : null;
  const pool = options.pool ?? ownPool;
  setActivePool(pool);

  const heartbeat = startHeartbeat(db, workerId, options.concurrency, {
    intervalMs: Math.max(1000, (options.staleSeconds * 1000) / 3),
    docker: options.docker,
    onBeat: async () => {
      await recoverAbandonedRuns(db, options.staleSeconds);
      await reapOrphanContainers(db, options.docker);
    },
  });
  await heartbeat.ready;

  const cancelSubscription = await getSql().listen(RUN_CANCEL_CHANNEL, (runId) => cancels.get(runId)?.abort());

  const runner: Runner = await run({
    connectionString: options.databaseUrl,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: quietLogger,
    taskList: {
      [EXECUTE_RUN_TASK]: async (payload) => {
        const { runId } = payload as { runId: string };
        activeRuns += 1;
        try {
          await executeQueuedRun(runId, { db, store: options.store, workerId, cancels, docker: options.docker, pool });
          // The result is stored; the slot is free once the run's container is gone too.
          await containersRemoved();
        } finally {
          activeRuns -= 1;
        }
      },
    },
  });

  return {
    workerId,
    pool,
    /** Stops taking jobs, lets running ones finish (cancelling them after the grace period), removes the pool. */
    stop: async () => {
      await runner.stop();
      setActivePool(null);
      await ownPool?.stop();
      await cancelSubscription.unlisten();
      await heartbeat.stop();
    },
  };
}
