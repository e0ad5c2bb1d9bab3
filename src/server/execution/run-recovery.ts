import "server-only";
import { and, eq, gt, inArray, isNull, notInArray, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { toolRuns, workerHeartbeats } from "../db/schema";
import { LABEL_RUN_ID } from "./container-spec";
import { docker as defaultDocker, type DockerClient } from "./docker-client";
import { deleteLiveEvents } from "./live-publisher";
import { notifyRunChanged } from "./queue";
import { listManagedContainers, reapContainers } from "./reaper";

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
  for (const run of failed) {
    await deleteLiveEvents(db, run.id);
    await notifyRunChanged(db, run.id);
  }
  return failed.map((run) => run.id);
}

/**
 * Removes labelled containers that no live run owns: at once for runs this database knows to be
 * over (e.g. failed above after their worker died), and past their deadline for containers it
 * does not know (another installation or test suite may share the Docker daemon).
 */
export async function reapOrphanContainers(db: Database, docker: DockerClient = defaultDocker): Promise<number> {
  const containers = await listManagedContainers(docker);
  if (containers.length === 0) return 0;
  const runIds = containers.map((info) => info.Labels?.[LABEL_RUN_ID]).filter((id): id is string => !!id && UUID.test(id));
  const rows = runIds.length > 0 ? await db.select({ id: toolRuns.id, status: toolRuns.status }).from(toolRuns).where(inArray(toolRuns.id, runIds)) : [];
  return reapContainers({
    docker,
    containers,
    keepRunIds: new Set(rows.filter((row) => row.status === "running").map((row) => row.id)),
    finishedRunIds: new Set(rows.filter((row) => row.status !== "running" && row.status !== "queued").map((row) => row.id)),
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
