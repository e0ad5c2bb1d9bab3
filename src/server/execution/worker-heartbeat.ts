import "server-only";
import os from "node:os";
import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { workerHeartbeats } from "../db/schema";
import { docker as defaultDocker, type DockerClient } from "./docker-client";
import { runnerImageTag } from "./runner-image";
import { componentLogger } from "../observability/logger";

const log = componentLogger("worker");

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

/**
 * Reports this worker's view of Docker to Postgres on an interval (for /api/health, and so
 * other workers can tell it is alive), then runs `onBeat` (recovery chores).
 */
export function startHeartbeat(
  db: Database,
  workerId: string,
  concurrency: number,
  options: { intervalMs: number; docker?: DockerClient; onBeat?: () => Promise<void> },
) {
  const beat = async () => {
    const probe = await probeDocker(options.docker);
    const row = { workerId, hostname: os.hostname(), concurrency, ...probe, lastSeenAt: new Date() };
    await db
      .insert(workerHeartbeats)
      .values(row)
      .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: row });
    await options.onBeat?.();
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    try {
      await beat();
    } catch (error) {
      log.warn({ err: error, workerId }, "heartbeat failed; retrying on the next beat");
    }
    if (!stopped) timer = setTimeout(loop, options.intervalMs);
  };
  const first = loop();
  return {
    ready: first,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await first;
      await db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, workerId));
    },
  };
}

