import "server-only";
import { sql } from "drizzle-orm";
import { Logger, runMigrations } from "graphile-worker";
import type { DbOrTx } from "../db/client";
import { currentLogContext } from "../observability/log-context";
import { componentLogger } from "../observability/logger";

const queueLog = componentLogger("queue");

/**
 * The run queue is graphile-worker (LISTEN/NOTIFY pickup in milliseconds, row locks so any
 * number of workers on any machine share it, jobs taken in order of arrival). This file is the
 * interface the services use; only the worker (worker.ts) runs jobs.
 */
export const EXECUTE_RUN_TASK = "execute-run";

/**
 * Retention (services/prune-runs.ts), scheduled by graphile-worker's cron on every worker:
 * its known_crontabs row makes one tick run once, however many workers there are. Hourly, so
 * data is gone within the hour after its days are up and a cancelled run's inputs soon after.
 */
export const PRUNE_RUNS_TASK = "prune-runs";
export const PRUNE_RUNS_CRON = "17 * * * *";

/** Postgres NOTIFY channels: a run's status changed (for live updates); a run should stop. */
export const RUN_EVENTS_CHANNEL = "skriptoteket_run_events";
export const RUN_CANCEL_CHANNEL = "skriptoteket_run_cancel";
/** A running run pushed live output (run_live_events rows); payload: the run id. */
export const RUN_LIVE_CHANNEL = "skriptoteket_run_live";

/**
 * Adds the job in the caller's transaction, so a run row and its job exist together or not
 * at all, and announces the queued run (RUN_EVENTS_CHANNEL, delivered at commit) in the same
 * statement. The job key is the run id: one job per run. One attempt: a run is retried by the
 * person, never behind their back (a tool may have side effects on their files' meaning).
 */
export async function enqueueRun(tx: DbOrTx, runId: string): Promise<void> {
  // The request id rides along so the worker's log lines of this run name the request that queued it.
  const requestId = currentLogContext().requestId ?? null;
  await tx.execute(
    sql`select graphile_worker.add_job(${EXECUTE_RUN_TASK}, json_build_object('runId', ${runId}::text, 'requestId', ${requestId}::text), job_key => ${runId}::text, max_attempts => 1), pg_notify(${RUN_EVENTS_CHANNEL}, ${runId}::text)`,
  );
}

/** What an execute-run job carries. */
export type ExecuteRunPayload = { runId: string; requestId?: string | null };

/** Drops a job that has not started (a cancelled queued run). A locked job is left to no-op. */
export async function dequeueRun(tx: DbOrTx, runId: string): Promise<void> {
  await tx.execute(sql`select graphile_worker.remove_job(${runId}::text)`);
}

export async function notifyRunChanged(tx: DbOrTx, runId: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${RUN_EVENTS_CHANNEL}, ${runId}::text)`);
}

export async function requestRunCancel(tx: DbOrTx, runId: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${RUN_CANCEL_CHANNEL}, ${runId}::text)`);
}

/** Installs or upgrades graphile-worker's own schema (called with the app's migrations). */
export async function migrateQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: quietLogger });
}

/** graphile-worker logs every job at info level; keep only what needs attention. */
export const quietLogger = new Logger(() => (level: string, message: string) => {
  if (level === "error") queueLog.error(message);
  else if (level === "warning") queueLog.warn(message);
});
