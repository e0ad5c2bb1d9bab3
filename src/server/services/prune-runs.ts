import "server-only";
import { and, eq, inArray, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { env } from "@/env";
import { FINISHED_RUN_STATUSES } from "@/lib/domain";
import type { ArtifactEntry, ArtifactStore, RemovedCount } from "../artifacts/artifact-store";
import { getArtifactStore } from "../artifacts/default-artifact-store";
import type { Database, DbOrTx } from "../db/client";
import { getDb } from "../db/client";
import { runArtifacts, toolRuns, toolSessions } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { addRemoved, batchesInUse, listsAnyOf, NOTHING_REMOVED, purgedRunFields, removeRunFiles } from "./run-files";
import { ServiceError } from "./service-error";

/**
 * How old an unclaimed thing in the store must be before the sweep removes it. It is there
 * for writes still in flight: an upload's batch exists before its run row (the row is
 * inserted once the last file is in), and a partial write is touched at least every
 * UPLOAD_STALL_SECONDS while its upload lives. An hour is far past both.
 */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;

/** Runs purged per transaction: bounded row locks and memory, however much is due. */
const BATCH_SIZE = 200;

export type PruneReport = { runs: number; files: number; bytes: number };

/**
 * Retention (DOMAIN.md, Pupils' data): for every run finished more than `days` days ago — and
 * every run cancelled more than ORPHAN_GRACE_MS ago, whose inputs nothing will use — its
 * uploaded inputs, artifacts and stored result are deleted and the row marked purged (it stays
 * as history). So is every run whose uploaded files were written more than `days` days ago:
 * Kör igen, Sparade filer and follow-up steps share the original upload, and an upload is kept
 * `days` from when it was made, not from the last run that used it (else reuse would keep it
 * for ever). Interactive state untouched for as long is emptied. Then the store is swept for
 * what no row claims: partial writes of cut-off uploads, upload batches never attached to a
 * run, artifact folders of deleted runs. Runs on the workers (graphile-worker cron) and as
 * `cli prune`.
 */
export async function pruneRuns({
  actor,
  days = env.RUN_RETENTION_DAYS,
  store = getArtifactStore(),
  now = new Date(),
}: {
  actor: Actor | null;
  days?: number;
  store?: ArtifactStore;
  now?: Date;
}): Promise<PruneReport> {
  requireRole(actor, "admin");
  if (!Number.isInteger(days) || days < 0) throw new ServiceError("VALIDATION", "Antal dagar måste vara ett heltal, 0 eller större.");
  const db = getDb();
  const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  // A cancelled run's inputs have no use past a moment for Kör igen: gone after the grace.
  const graceCutoff = new Date(now.getTime() - ORPHAN_GRACE_MS);
  const purged = await purgeFinishedRuns(
    db,
    store,
    now,
    or(
      and(eq(toolRuns.status, "cancelled"), lt(toolRuns.finishedAt, graceCutoff)),
      lt(toolRuns.finishedAt, cutoff),
      and(isNull(toolRuns.finishedAt), lt(toolRuns.queuedAt, cutoff)),
    )!,
  );
  // One listing of the uploads serves both steps below: the sweep checks the database again
  // for each batch, and a batch removed in between is simply not there to remove.
  const uploads = await filesByFolder(store, "inputs", 2);
  const afterUploads = addPruneReport(purged, await purgeRunsOfExpiredUploads(db, store, now, cutoff, uploads));

  // A tool's interactive state is built from the user's runs and may name pupils.
  await db
    .update(toolSessions)
    .set({ state: {}, updatedAt: now })
    .where(and(lt(toolSessions.updatedAt, cutoff), ne(toolSessions.state, sql`'{}'::jsonb`)));

  return addPruneReport(afterUploads, { runs: 0, ...(await sweepOrphans(db, store, graceCutoff, uploads)) });
}

const addPruneReport = (total: PruneReport, more: PruneReport): PruneReport => ({ runs: total.runs + more.runs, ...addRemoved(total, more) });

/**
 * Purges the finished, not yet purged runs that `due` selects, BATCH_SIZE per transaction
 * (skipping rows another prune holds), and removes their files once each batch is committed.
 * With `endSessions`, their tool sessions' state goes too (endSessionsOf).
 */
async function purgeFinishedRuns(db: Database, store: ArtifactStore, now: Date, due: SQL, { endSessions = false } = {}): Promise<PruneReport> {
  let total: PruneReport = { runs: 0, ...NOTHING_REMOVED };
  for (;;) {
    const purged = await db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: toolRuns.id, inputManifest: toolRuns.inputManifest })
        .from(toolRuns)
        .where(and(isNull(toolRuns.purgedAt), inArray(toolRuns.status, [...FINISHED_RUN_STATUSES]), due))
        .limit(BATCH_SIZE)
        .for("update", { skipLocked: true });
      if (rows.length === 0) return rows;
      const ids = rows.map((run) => run.id);
      await tx.update(toolRuns).set(purgedRunFields(now)).where(inArray(toolRuns.id, ids));
      await tx.delete(runArtifacts).where(inArray(runArtifacts.runId, ids));
      if (endSessions) await endSessionsOf(tx, ids, now);
      return rows;
    });
    if (purged.length === 0) return total;
    total = addPruneReport(total, { runs: purged.length, ...(await removeRunFiles(db, store, purged)) });
  }
}

/**
 * Empties the interactive state of the purged runs' tool sessions and moves their revision on,
 * in the purge's transaction, unless a newer run still kept has written the state since (a
 * run stores the state it ends with): state built from expired files goes with them, and a
 * form of an older run still on screen is refused as stale.
 */
async function endSessionsOf(tx: DbOrTx, runIds: readonly string[], now: Date) {
  await tx.execute(sql`
    update ${toolSessions} set state = '{}'::jsonb, state_revision = ${toolSessions.stateRevision} + 1, updated_at = ${now.toISOString()}::timestamptz
    from (
      select tool_id, user_id, context, max(finished_at) as finished_at from ${toolRuns}
      where ${inArray(toolRuns.id, [...runIds])} group by tool_id, user_id, context
    ) as purged
    where ${toolSessions.toolId} = purged.tool_id and ${toolSessions.userId} = purged.user_id and ${toolSessions.context} = purged.context
      and not exists (
        select 1 from ${toolRuns} kept
        where kept.tool_id = purged.tool_id and kept.user_id = purged.user_id and kept.context = purged.context
          and kept.purged_at is null and kept.status = 'succeeded' and kept.finished_at > purged.finished_at
      )`);
}

/**
 * Purges the runs that list an upload batch whose oldest file was written before `cutoff`
 * (the store's time, as Sparade filer judges it: filesKeptUntil), and ends their tool sessions'
 * state. A run still queued or running keeps the batch until the next prune after it ends.
 */
async function purgeRunsOfExpiredUploads(db: Database, store: ArtifactStore, now: Date, cutoff: Date, uploads: FilesByFolder): Promise<PruneReport> {
  const expired = [...uploads.values()].filter(({ oldest }) => oldest.modifiedAt < cutoff).map(({ oldest }) => oldest.key);
  let total: PruneReport = { runs: 0, ...NOTHING_REMOVED };
  for (let start = 0; start < expired.length; start += BATCH_SIZE) {
    total = addPruneReport(total, await purgeFinishedRuns(db, store, now, listsAnyOf(expired.slice(start, start + BATCH_SIZE)), { endSessions: true }));
  }
  return total;
}

/** Removes from the store what no run row claims and nothing is writing any more. */
async function sweepOrphans(db: DbOrTx, store: ArtifactStore, olderThan: Date, uploads: FilesByFolder): Promise<RemovedCount> {
  let removed = await store.deleteIncomplete(olderThan);

  const runFolders = await filesByFolder(store, "runs", 2);
  const staleRunIds = [...runFolders].filter(([, { newest }]) => newest.modifiedAt < olderThan).map(([folder]) => folder.slice("runs/".length));
  const live = new Set<string>();
  for (let start = 0; start < staleRunIds.length; start += BATCH_SIZE) {
    const ids = staleRunIds.slice(start, start + BATCH_SIZE).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (ids.length === 0) continue;
    const rows = await db.select({ id: toolRuns.id }).from(toolRuns).where(and(inArray(toolRuns.id, ids), isNull(toolRuns.purgedAt)));
    for (const row of rows) live.add(row.id);
  }
  for (const id of staleRunIds) if (!live.has(id)) removed = addRemoved(removed, await store.deletePrefix(`runs/${id}`));

  const staleBatches = [...uploads].filter(([, { newest }]) => newest.modifiedAt < olderThan).map(([batch, { newest }]) => [batch, newest.key] as const);
  for (let start = 0; start < staleBatches.length; start += BATCH_SIZE) {
    const chunk = new Map(staleBatches.slice(start, start + BATCH_SIZE));
    const inUse = await batchesInUse(db, chunk);
    for (const batch of chunk.keys()) if (!inUse.has(batch)) removed = addRemoved(removed, await store.deletePrefix(batch));
  }
  return removed;
}

/** Folder (the first `depth` segments of each key under `prefix`) → its newest and oldest objects. */
type FilesByFolder = Map<string, { newest: ArtifactEntry; oldest: ArtifactEntry }>;

async function filesByFolder(store: ArtifactStore, prefix: string, depth: number): Promise<FilesByFolder> {
  const folders: FilesByFolder = new Map();
  for await (const entry of store.list(prefix)) {
    const folder = entry.key.split("/").slice(0, depth).join("/");
    const seen = folders.get(folder);
    if (!seen) folders.set(folder, { newest: entry, oldest: entry });
    else {
      if (entry.modifiedAt > seen.newest.modifiedAt) seen.newest = entry;
      if (entry.modifiedAt < seen.oldest.modifiedAt) seen.oldest = entry;
    }
  }
  return folders;
}
