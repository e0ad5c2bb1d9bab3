import "server-only";
import os from "node:os";
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { workerHeartbeats } from "../db/schema";
import { docker as defaultDocker, type DockerClient } from "./docker-client";
import { runnerImageTag } from "./runner-image";

export const HEARTBEAT_INTERVAL_MS = 10_000;

/** What this worker sees of Docker right now (never throws: a broken daemon is a finding). */
export async function probeDocker(docker: DockerClient = defaultDocker) {
  const tag = await runnerImageTag();
  try {
    await docker.ping();
  } catch (error) {
    return { dockerOk: false, runnerImage: tag, runnerImagePresent: false, detail: `Docker svarar inte: ${(error as Error).message}` };
  }
  try {
    await docker.getImage(tag).inspect();
    return { dockerOk: true, runnerImage: tag, runnerImagePresent: true, detail: null };
  } catch {
    return { dockerOk: true, runnerImage: tag, runnerImagePresent: false, detail: "Körmiljöns avbild saknas (npm run runner:build)." };
  }
}

/** Reports this worker's view of Docker to Postgres every HEARTBEAT_INTERVAL_MS, for /api/health. */
export function startHeartbeat(db: Database, workerId: string, concurrency: number, docker: DockerClient = defaultDocker) {
  const beat = async () => {
    const probe = await probeDocker(docker);
    const row = { workerId, hostname: os.hostname(), concurrency, ...probe, lastSeenAt: new Date() };
    await db
      .insert(workerHeartbeats)
      .values(row)
      .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { ...row, startedAt: sql`${workerHeartbeats.startedAt}` } });
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    try {
      await beat();
    } catch (error) {
      console.error("[worker] heartbeat failed:", (error as Error).message);
    }
    if (!stopped) timer = setTimeout(loop, HEARTBEAT_INTERVAL_MS);
  };
  const first = loop();
  return {
    ready: first,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await db.delete(workerHeartbeats).where(sql`${workerHeartbeats.workerId} = ${workerId}`);
    },
  };
}
