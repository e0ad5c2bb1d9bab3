import crypto from "node:crypto";
import os from "node:os";
import { env } from "@/env";
import { closeDb, getDb } from "@/server/db/client";
import { startHeartbeat } from "@/server/execution/worker-heartbeat";

/** A worker process: reports its health and executes queued runs until stopped. */
export async function main(): Promise<number> {
  const workerId = `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  const heartbeat = startHeartbeat(getDb(), workerId, env.RUNNER_MAX_CONCURRENCY);
  await heartbeat.ready;
  console.log(`[worker] ${workerId} ready (concurrency ${env.RUNNER_MAX_CONCURRENCY})`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await heartbeat.stop();
  await closeDb();
  return 0;
}
