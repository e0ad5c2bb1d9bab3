import "server-only";
import { and, eq, gt, inArray, isNull, notInArray, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { toolRuns, workerHeartbeats } from "../db/schema";
import type { DockerClient } from "./docker-client";
import { notifyRunChanged } from "./queue";
import { reapContainers } from "./reaper";

export const ABANDONED_RUN_MESSAGE =
  "Körningen avbröts eftersom servern som körde den stannade. Inget resultat sparades – kör verktyget igen.";

/**
 * A run never stays `running` after its worker died (DOMAIN.md, Runs): every worker, at start
 * and on each heartbeat, fails the runs of workers that stopped reporting, and removes the
 * containers on its Docker daemon that no live run owns. Failing (not retrying) keeps the
 * outcome plain for the person who pressed KÖR; they can press it again.
 */
export async function recoverAbandonedRuns(db: Database, staleSeconds: number): Promise<string[]> {
  const liveWorkers = db
    .select({ id: workerHeartbeats.workerId })
    .from(workerHeartbeats)
    .where(gt(workerHeartbeats.lastSeenAt, sql`now() - make_interval(secs => ${staleSeconds})`));
  const failed = await db
    .update(toolRuns)
    .set({ status: "failed", finishedAt: new Date(), errorSummary: ABANDONED_RUN_MESSAGE })
    .where(and(eq(toolRuns.status, "running"), or(isNull(toolRuns.workerId), notInArray(toolRuns.workerId, liveWorkers))))
    .returning({ id: toolRuns.id });
  for (const run of failed) await notifyRunChanged(db, run.id);
  return failed.map((run) => run.id);
}

/** Removes every labelled container whose run is not `running` on a live worker. */
export async function reapOrphanContainers(db: Database, docker?: DockerClient): Promise<number> {
  const running = await db.select({ id: toolRuns.id }).from(toolRuns).where(inArray(toolRuns.status, ["running"]));
  return reapContainers({ docker, keepRunIds: new Set(running.map((run) => run.id)) });
}
