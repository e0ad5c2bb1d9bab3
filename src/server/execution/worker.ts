import "server-only";
import { parseCronItems, run, type Runner } from "graphile-worker";
import { env } from "@/env";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { getSql, type Database } from "../db/client";
import { docker as defaultDocker, type DockerClient } from "./docker-client";
import { containersRemoved, removalsAtMost } from "./docker-runner";
import { waitForDocker } from "./infrastructure-faults";
import { withLogContext } from "../observability/log-context";
import { componentLogger } from "../observability/logger";
import { metrics, registerPoolStats } from "../observability/metrics";
import { pruneRuns } from "../services/prune-runs";
import { poolStats, RunnerPool, setActivePool } from "./pool";
import { EXECUTE_RUN_TASK, PRUNE_RUNS_CRON, PRUNE_RUNS_TASK, quietLogger, RUN_CANCEL_CHANNEL, type ExecuteRunPayload } from "./queue";
import { executeQueuedRun } from "./run-executor";
import { reapOrphanContainers, recoverAbandonedRuns } from "./run-recovery";
import { startHeartbeat } from "./worker-heartbeat";

const log = componentLogger("worker");

// The skriptoteket_pool_* gauges of this process read its active pool at every scrape.
registerPoolStats(poolStats);

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
 * (the rest wait in the queue, in order), listens for cancel requests, reports its health,
 * cleans up after dead workers, prunes expired run data on its cron schedule, and keeps a warm
 * pool of runner containers (see pool.ts). Any number of these may share one database.
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
  metrics.workerConcurrency.inc(options.concurrency);

  const cancelSubscription = await getSql().listen(RUN_CANCEL_CHANNEL, (runId) => cancels.get(runId)?.abort());

  const runner: Runner = await run({
    connectionString: options.databaseUrl,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: quietLogger,
    // No backfill: a worker that was down runs the next tick, not one per missed hour.
    parsedCronItems: parseCronItems([{ task: PRUNE_RUNS_TASK, match: PRUNE_RUNS_CRON, identifier: PRUNE_RUNS_TASK, options: { backfillPeriod: 0, maxAttempts: 1 } }]),
    taskList: {
      [PRUNE_RUNS_TASK]: async () => {
        const report = await pruneRuns({ actor: { kind: "system", label: "worker-cron" }, store: options.store });
        // Counts only: what was removed is pupils' data.
        if (report.runs > 0 || report.files > 0) log.info(report, "pruned run data");
      },
      [EXECUTE_RUN_TASK]: async (payload) => {
        const { runId, requestId } = payload as ExecuteRunPayload;
        activeRuns += 1;
        try {
          await withLogContext({ runId, requestId: requestId ?? undefined }, async () => {
            // A run taken while the daemon restarts would fail at once; it waits for Docker instead.
            await waitForDocker(options.docker ?? defaultDocker);
            await executeQueuedRun(runId, { db, store: options.store, workerId, cancels, docker: options.docker, pool });
          });
          // The result is stored; the slot is free while the run's container is torn down, as
          // long as no more than `concurrency` teardowns are in progress.
          await removalsAtMost(options.concurrency);
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
      // The last runs' containers may still be in teardown (see removalsAtMost).
      await containersRemoved();
      metrics.workerConcurrency.dec(options.concurrency);
      setActivePool(null);
      await ownPool?.stop();
      await cancelSubscription.unlisten();
      await heartbeat.stop();
    },
  };
}
