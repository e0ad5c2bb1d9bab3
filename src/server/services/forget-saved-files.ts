import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { forgetSavedFilesInput } from "@/lib/everyday-schemas";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { getArtifactStore } from "../artifacts/default-artifact-store";
import { getDb } from "../db/client";
import { toolRuns, tools } from "../db/schema";
import { componentLogger } from "../observability/logger";
import { requireUser, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { removeUnusedInputBatches } from "./run-files";
import { notFound } from "./service-error";

const log = componentLogger("runs");

/**
 * Glöm filerna: the user's uploaded files for this tool leave the store. Each of their finished
 * runs of the tool lets go of its inputs (queued and running runs keep theirs: they are about
 * to be read), then each upload batch that no run row lists any more is deleted — a batch a
 * still-running run lists stays until that run is deleted or pruned. Only the owner's own runs
 * are touched: the query is keyed by the signed-in user.
 */
export async function forgetSavedFiles({
  actor,
  input,
  store = getArtifactStore(),
}: {
  actor: Actor | null;
  input: z.input<typeof forgetSavedFilesInput>;
  store?: ArtifactStore;
}) {
  const who = requireUser(actor, "user", "Bara inloggade användare har sparade filer.");
  const { slug } = parseInput(forgetSavedFilesInput, input);
  const db = getDb();
  const [tool] = await db.select({ id: tools.id }).from(tools).where(eq(tools.slug, slug));
  if (!tool) throw notFound("Verktyget");
  const released = await db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: toolRuns.id, inputManifest: toolRuns.inputManifest })
      .from(toolRuns)
      .where(
        and(
          eq(toolRuns.toolId, tool.id),
          eq(toolRuns.userId, who.userId),
          sql`${toolRuns.status} not in ('queued', 'running')`,
          sql`jsonb_array_length(${toolRuns.inputManifest}) > 0`,
        ),
      )
      .for("update");
    if (rows.length > 0) await tx.update(toolRuns).set({ inputManifest: [] }).where(inArray(toolRuns.id, rows.map((row) => row.id)));
    return rows;
  });
  const removed = await removeUnusedInputBatches(db, store, released.map((run) => run.inputManifest));
  log.info({ toolId: tool.id, userId: who.userId, runs: released.length, removedObjects: removed.files }, "saved input files forgotten");
  return { forgotten: removed.files };
}
