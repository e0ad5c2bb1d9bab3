import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { runWithSavedFilesInput } from "@/lib/everyday-schemas";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { getArtifactStore } from "../artifacts/default-artifact-store";
import { getDb } from "../db/client";
import { toolRuns, tools } from "../db/schema";
import { requireUser, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { findSavedFiles } from "./saved-files";
import { ServiceError } from "./service-error";
import { startRun } from "./start-run";

export const SAVED_FILES_GONE = "Filerna från förra körningen finns inte kvar. Välj filerna igen.";

/**
 * KÖR with Sparade filer: the form's values, and the files of the user's latest run of this
 * tool. The run named must be that one, and the user's own (anyone else's run, or an older
 * one, is refused the same way — nothing to learn about other people's files).
 */
export async function runWithSavedFiles({
  actor,
  input,
  store = getArtifactStore(),
}: {
  actor: Actor | null;
  input: z.input<typeof runWithSavedFilesInput>;
  store?: ArtifactStore;
}) {
  const who = requireUser(actor, "user", "Bara inloggade användare kan köra verktyg.");
  const { slug, values, fromRunId } = parseInput(runWithSavedFilesInput, input);
  const db = getDb();
  const [owned] = await db
    .select({ toolId: toolRuns.toolId })
    .from(toolRuns)
    .innerJoin(tools, eq(tools.id, toolRuns.toolId))
    .where(and(eq(toolRuns.id, fromRunId), eq(toolRuns.userId, who.userId), eq(tools.slug, slug)));
  const saved = owned ? await findSavedFiles(db, store, { toolId: owned.toolId, userId: who.userId }) : null;
  if (!saved || saved.runId !== fromRunId) throw new ServiceError("CONFLICT", SAVED_FILES_GONE, { fieldErrors: { files: SAVED_FILES_GONE } });
  return startRun({ actor: who, input: { slug, values, files: saved.files } });
}
