import crypto from "node:crypto";
import os from "node:os";
import { env } from "@/env";
import { getArtifactStore } from "@/server/artifacts/default-artifact-store";
import { closeDb, getDb } from "@/server/db/client";
import { startWorker } from "@/server/execution/worker";
import { stopWhenLauncherDies } from "./child-process";

/** `npm run worker`: executes queued runs until SIGINT/SIGTERM. */
export async function main(): Promise<number> {
  if (!env.DATABASE_URL) {
    console.error("DATABASE_URL is not set: a worker needs the app's database (npm start sets it for its own worker).");
    return 2;
  }
  const workerId = `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  const worker = await startWorker({
    workerId,
    databaseUrl: env.DATABASE_URL,
    db: getDb(),
    store: getArtifactStore(),
    concurrency: env.RUNNER_MAX_CONCURRENCY,
    staleSeconds: env.WORKER_STALE_SECONDS,
  });
  console.log(`[worker] ${workerId} ready (concurrency ${env.RUNNER_MAX_CONCURRENCY}, warm pool ${worker.pool?.size ?? 0})`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    stopWhenLauncherDies(resolve);
  });
  await worker.stop();
  await closeDb();
  return 0;
}
