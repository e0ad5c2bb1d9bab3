import "server-only";
import { inArray, or, sql, type SQL } from "drizzle-orm";
import type { ArtifactStore, RemovedCount } from "../artifacts/artifact-store";
import type { DbOrTx } from "../db/client";
import { toolRuns } from "../db/schema";
import { dequeueRun, notifyRunChanged, requestRunCancel } from "../execution/queue";
import type { StoredInputFile } from "./queue-run";

/**
 * Where a run's bytes live in the store: its artifacts under `runs/<id>/`, its uploaded inputs
 * under `inputs/<batch>/<n>` — a batch that Kör igen shares with the runs it repeats, so a
 * batch is removed only when no run row uses it any more.
 */
export const runArtifactsPrefix = (runId: string) => `runs/${runId}`;
export const inputBatchOf = (storeKey: string) => storeKey.slice(0, storeKey.lastIndexOf("/"));

/**
 * What a purged run keeps: tool, version, who, when, status. Everything that came from the
 * user or the tool — file names, values, settings, logs, the result, the error text a tool
 * wrote, a follow-up's input and state — is emptied (only the follow-up's label stays).
 */
export const purgedRunFields = (purgedAt: Date) => ({
  inputManifest: [],
  inputValues: {},
  settingsUsed: {},
  stdout: null,
  stderr: null,
  stdoutTruncated: false,
  stderrTruncated: false,
  uiPayload: null,
  errorSummary: null,
  action: sql`case when ${toolRuns.action} is null then null else jsonb_strip_nulls(jsonb_build_object('actionId', ${toolRuns.action}->'actionId', 'label', ${toolRuns.action}->'label')) end` as SQL<unknown>,
  purgedAt,
});

export const NOTHING_REMOVED: RemovedCount = { files: 0, bytes: 0 };

export function addRemoved(total: RemovedCount, more: RemovedCount): RemovedCount {
  return { files: total.files + more.files, bytes: total.bytes + more.bytes };
}

/**
 * Selects the runs whose manifest lists any of `keys`, one key per batch (a manifest always
 * names a whole batch); each a containment lookup on the manifest's GIN index.
 */
export function listsAnyOf(keys: readonly string[]): SQL {
  return or(...keys.map((key) => sql`${toolRuns.inputManifest} @> ${JSON.stringify([{ storeKey: key }])}::jsonb`)) ?? sql`false`;
}

/**
 * The input batches that some run row still lists in its manifest. A manifest always names a
 * whole batch (one upload; Kör igen copies the manifest), so one key per batch decides; each is
 * a containment lookup on the manifest's GIN index.
 */
export async function batchesInUse(db: DbOrTx, keyPerBatch: ReadonlyMap<string, string>): Promise<Set<string>> {
  if (keyPerBatch.size === 0) return new Set();
  const keys = [...keyPerBatch.values()];
  const rows = await db.execute<{ key: string }>(sql`
    select probe.key from unnest(${sql`array[${sql.join(keys.map((key) => sql`${key}`), sql`, `)}]::text[]`}) as probe(key)
    where exists (
      select 1 from ${toolRuns}
      where ${toolRuns.inputManifest} @> jsonb_build_array(jsonb_build_object('storeKey', probe.key))
    )`);
  return new Set(rows.map((row) => inputBatchOf(row.key)));
}

/**
 * Removes the store files of runs whose rows were just deleted or purged (call after that
 * change is committed): each run's artifact folder, and each input batch no remaining run
 * uses. A crash between the two steps leaves orphans, which the prune's sweep removes.
 */
export async function removeRunFiles(
  db: DbOrTx,
  store: ArtifactStore,
  runs: readonly { id: string; inputManifest: unknown }[],
): Promise<RemovedCount> {
  let removed = NOTHING_REMOVED;
  for (const run of runs) removed = addRemoved(removed, await store.deletePrefix(runArtifactsPrefix(run.id)));
  return addRemoved(removed, await removeUnusedInputBatches(db, store, runs.map((run) => run.inputManifest)));
}

/**
 * Removes the input batches named in `manifests` that no run row lists any more (call after
 * the rows that let go of them are committed). Used when runs go, and by Glöm filerna.
 */
export async function removeUnusedInputBatches(db: DbOrTx, store: ArtifactStore, manifests: readonly unknown[]): Promise<RemovedCount> {
  let removed = NOTHING_REMOVED;
  const keyPerBatch = new Map<string, string>();
  for (const manifest of manifests) {
    for (const file of Array.isArray(manifest) ? (manifest as StoredInputFile[]) : []) keyPerBatch.set(inputBatchOf(file.storeKey), file.storeKey);
  }
  const inUse = await batchesInUse(db, keyPerBatch);
  for (const batch of keyPerBatch.keys()) {
    if (!inUse.has(batch)) removed = addRemoved(removed, await store.deletePrefix(batch));
  }
  return removed;
}

/**
 * Deletes run rows (artifact rows go with them) in the caller's transaction. A queued run's
 * job is dropped; a running one is told to stop — its worker then finds the row gone and
 * removes what it wrote (and the prune's sweep anything a crash left). Returns what the store
 * removal after commit needs.
 */
export async function deleteRunRows(tx: DbOrTx, runs: readonly { id: string; status: string }[]) {
  if (runs.length === 0) return [];
  for (const run of runs) {
    if (run.status === "queued") await dequeueRun(tx, run.id);
    if (run.status === "running") await requestRunCancel(tx, run.id);
  }
  const deleted = await tx
    .delete(toolRuns)
    .where(inArray(toolRuns.id, runs.map((run) => run.id)))
    .returning({ id: toolRuns.id, inputManifest: toolRuns.inputManifest });
  for (const run of deleted) await notifyRunChanged(tx, run.id);
  return deleted;
}
