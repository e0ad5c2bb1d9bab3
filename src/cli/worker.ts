import crypto from "node:crypto";
import http from "node:http";
import os from "node:os";
import { env } from "@/env";
import { getArtifactStore } from "@/server/artifacts/default-artifact-store";
import { closeDb, getDb } from "@/server/db/client";
import { startWorker } from "@/server/execution/worker";
import { serveMetrics } from "@/server/http/metrics-endpoint";
import { componentLogger } from "@/server/observability/logger";
import { stopWhenLauncherDies } from "./child-process";

const log = componentLogger("worker");

/**
 * Each worker serves its own metrics (runs finished, queue wait, execution time, its load, the
 * warm pool) on WORKER_METRICS_PORT, with the same access rule as the web's /api/metrics. A
 * scrape per worker — rather than pushing through Postgres — keeps the database out of the
 * metrics path, so the numbers still arrive while Postgres is the thing that is down.
 */
async function startMetricsServer(): Promise<http.Server | null> {
  if (env.WORKER_METRICS_PORT === 0) return null;
  const server = http.createServer((request, response) => {
    serveMetrics(request, response, "/metrics")
      .then((served) => {
        if (!served) response.writeHead(404).end();
      })
      .catch((error: unknown) => {
        log.error({ err: error }, "metrics request failed");
        if (!response.headersSent) response.writeHead(500).end();
      });
  });
  return new Promise((resolve) => {
    server.once("error", (error) => {
      // A second worker on the same host: runs matter more than its metrics.
      log.warn({ err: error, port: env.WORKER_METRICS_PORT }, "worker metrics port unavailable; this worker serves no metrics");
      resolve(null);
    });
    server.listen(env.WORKER_METRICS_PORT, () => resolve(server));
  });
}

/** `npm run worker`: executes queued runs until SIGINT/SIGTERM. */
export async function main(): Promise<number> {
  if (!env.DATABASE_URL) {
    log.fatal("DATABASE_URL is not set: a worker needs the app's database (npm start sets it for its own worker).");
    return 2;
  }
  // graphile-worker's bookkeeping can reject while Postgres restarts (e.g. marking a job done);
  // the run itself is finished by retryWhileDatabaseDown. Dying here would strand every run of
  // this worker (and stop `npm start`), so log it and keep working.
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection; the worker carries on"));
  const workerId = `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  const worker = await startWorker({
    workerId,
    databaseUrl: env.DATABASE_URL,
    db: getDb(),
    store: getArtifactStore(),
    concurrency: env.RUNNER_MAX_CONCURRENCY,
    staleSeconds: env.WORKER_STALE_SECONDS,
  });
  const metricsServer = await startMetricsServer();
  log.info({ workerId, concurrency: env.RUNNER_MAX_CONCURRENCY, warmPool: worker.pool?.size ?? 0, metricsPort: metricsServer ? env.WORKER_METRICS_PORT : null }, "worker ready");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    stopWhenLauncherDies(resolve);
  });
  metricsServer?.close();
  await worker.stop();
  await closeDb();
  log.info({ workerId }, "worker stopped");
  return 0;
}
