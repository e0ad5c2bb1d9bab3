import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { env } from "@/env";
import { formatCount } from "@/lib/format";
import type { ArtifactStore } from "../artifacts/artifact-store";
import type { DbOrTx } from "../db/client";
import { toolRuns } from "../db/schema";
import { inputBatchOf } from "./run-files";
import type { StoredInputFile } from "./queue-run";

/** `keptUntil`: when the prune removes them (and the runs that used them), counted from the upload. */
export type SavedFiles = { runId: string; files: StoredInputFile[]; keptUntil: Date };

/**
 * Sparade filer: the uploaded files of the user's latest production run of the tool that had
 * any (a purged or forgotten run has an empty manifest, so it offers nothing). Only files
 * uploaded within RUN_RETENTION_DAYS are offered — judged by when the bytes were written, since
 * a rerun shares the original upload — and only while every one of them is still in the store.
 */
export async function findSavedFiles(
  db: DbOrTx,
  store: ArtifactStore,
  key: { toolId: string; userId: string },
  now = new Date(),
): Promise<SavedFiles | null> {
  const [run] = await db
    .select({ id: toolRuns.id, inputManifest: toolRuns.inputManifest })
    .from(toolRuns)
    .where(
      and(
        eq(toolRuns.toolId, key.toolId),
        eq(toolRuns.userId, key.userId),
        eq(toolRuns.context, "production"),
        isNull(toolRuns.purgedAt),
        sql`jsonb_array_length(${toolRuns.inputManifest}) > 0`,
      ),
    )
    .orderBy(desc(toolRuns.queuedAt))
    .limit(1);
  if (!run) return null;
  const files = run.inputManifest as StoredInputFile[];
  const keptUntil = await filesKeptUntil(store, files, now);
  return keptUntil ? { runId: run.id, files, keptUntil } : null;
}

/**
 * One listing of the files' batches: the first file no longer in the store, or else when the
 * retention (RUN_RETENTION_DAYS from the upload, as the prune counts) removes them — the
 * earliest written one's time plus the days (null for no files).
 */
export async function filesRetention(store: ArtifactStore, files: readonly StoredInputFile[]): Promise<{ missing: StoredInputFile } | { keptUntil: Date | null }> {
  const keptMs = env.RUN_RETENTION_DAYS * 24 * 60 * 60 * 1000;
  const present = new Map<string, Date>();
  for (const batch of new Set(files.map((file) => inputBatchOf(file.storeKey)))) {
    for await (const entry of store.list(batch)) present.set(entry.key, entry.modifiedAt);
  }
  let until: number | null = null;
  for (const file of files) {
    const written = present.get(file.storeKey);
    if (written === undefined) return { missing: file };
    until = Math.min(until ?? Infinity, written.getTime() + keptMs);
  }
  return { keptUntil: until === null ? null : new Date(until) };
}

/** When these files are removed; null when one is gone, its time has come, or there are none. */
export async function filesKeptUntil(store: ArtifactStore, files: readonly StoredInputFile[], now = new Date()): Promise<Date | null> {
  const retention = await filesRetention(store, files);
  return "keptUntil" in retention && retention.keptUntil !== null && retention.keptUntil > now ? retention.keptUntil : null;
}

export async function filesStillKept(store: ArtifactStore, files: readonly StoredInputFile[], now = new Date()): Promise<boolean> {
  return (await filesKeptUntil(store, files, now)) !== null;
}

/** Why reused files (Kör igen, a follow-up step) are refused once the retention has come for them. */
export function filesExpiredMessage(files: string, remedy: string): string {
  return `${files} laddades upp för mer än ${formatCount(env.RUN_RETENTION_DAYS, "dag", "dagar")} sedan och sparas inte längre. ${remedy}`;
}
