import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { deleteRunsInput } from "@/lib/run-schemas";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { getArtifactStore } from "../artifacts/default-artifact-store";
import { getDb } from "../db/client";
import { toolRuns, toolSessions } from "../db/schema";
import { requireUser, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { deleteRunRows, removeRunFiles } from "./run-files";
import { notFound } from "./service-error";

/**
 * Ta bort (DOMAIN.md, Pupils' data): the owner deletes one run, or all their KÖR runs of a
 * tool, with its files and result at once — whatever its state: a queued run leaves the
 * queue, a running one is stopped. Deleting all runs of a tool also empties the tool's
 * interactive state (built from those runs); saved settings stay. Someone else's run — an
 * admin's too; admins erase a user's data instead — is "not found".
 */
export async function deleteRuns({
  actor,
  input,
  store = getArtifactStore(),
}: {
  actor: Actor | null;
  input: z.input<typeof deleteRunsInput>;
  store?: ArtifactStore;
}): Promise<{ deleted: number }> {
  const who = requireUser(actor, "user", "Bara inloggade användare har körningar.");
  const target = parseInput(deleteRunsInput, input);
  const db = getDb();
  const deleted = await db.transaction(async (tx) => {
    const mine = eq(toolRuns.userId, who.userId);
    const runs = await tx
      .select({ id: toolRuns.id, status: toolRuns.status })
      .from(toolRuns)
      .where("runId" in target ? and(mine, eq(toolRuns.id, target.runId)) : and(mine, eq(toolRuns.toolId, target.toolId), eq(toolRuns.context, "production")))
      .for("update");
    if ("runId" in target && runs.length === 0) throw notFound("Körningen");
    if ("toolId" in target) {
      await tx
        .update(toolSessions)
        .set({ state: {}, updatedAt: new Date() })
        .where(and(eq(toolSessions.toolId, target.toolId), eq(toolSessions.userId, who.userId), eq(toolSessions.context, "production")));
    }
    return deleteRunRows(tx, runs);
  });
  await removeRunFiles(db, store, deleted);
  return { deleted: deleted.length };
}
