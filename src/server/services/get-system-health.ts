import "server-only";
import { desc, gt } from "drizzle-orm";
import { getDb } from "../db/client";
import { workerHeartbeats } from "../db/schema";
import type { Actor } from "./actor";

/** A worker that has not reported for this long is treated as gone. */
const WORKER_STALE_MS = 30_000;

/**
 * What /api/health answers. Docker and the runner image are reported by the workers (the web
 * process never opens the Docker socket), through their heartbeat rows. Worker ids, host names
 * and the image tag are a map of the installation: only admins (and the command line) get
 * them; everyone else — load balancers, uptime checks, strangers — gets the status alone.
 */
export async function getSystemHealth({ actor }: { actor: Actor | null }) {
  const health = await readSystemHealth();
  const isAdmin = actor?.kind === "system" || actor?.role === "admin";
  return isAdmin ? health : { status: health.status };
}

async function readSystemHealth() {
  const db = getDb();
  const started = Date.now();
  let database: { ok: boolean; latencyMs?: number; error?: string };
  try {
    await db.execute("select 1");
    database = { ok: true, latencyMs: Date.now() - started };
  } catch {
    return { status: "down" as const, database: { ok: false, error: "Databasen svarar inte." }, workers: [], docker: { ok: false }, runnerImage: { ok: false } };
  }
  const workers = await db
    .select()
    .from(workerHeartbeats)
    .where(gt(workerHeartbeats.lastSeenAt, new Date(Date.now() - WORKER_STALE_MS)))
    .orderBy(desc(workerHeartbeats.lastSeenAt));
  const docker = { ok: workers.some((w) => w.dockerOk), reportedBy: workers.length };
  const image = workers.find((w) => w.runnerImagePresent) ?? workers[0];
  const runnerImage = { ok: workers.some((w) => w.runnerImagePresent), tag: image?.runnerImage ?? null };
  return {
    status: docker.ok && runnerImage.ok ? ("ok" as const) : ("degraded" as const),
    database,
    docker,
    runnerImage,
    workers: workers.map((w) => ({ id: w.workerId, hostname: w.hostname, concurrency: w.concurrency, lastSeenAt: w.lastSeenAt, detail: w.detail })),
  };
}
