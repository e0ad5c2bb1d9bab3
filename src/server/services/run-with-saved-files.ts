import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import { runWithSavedFilesInput } from "@/lib/everyday-schemas";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { getArtifactStore } from "../artifacts/default-artifact-store";
import { getDb } from "../db/client";
import { toolRuns, tools } from "../db/schema";
import { requireUser, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import type { StoredInputFile } from "./queue-run";
import { filesStillKept } from "./saved-files";
import { ServiceError } from "./service-error";
import { startRun } from "./start-run";

export const SAVED_FILES_GONE = "Filerna från förra körningen finns inte kvar. Välj filerna igen.";

/**
 * KÖR with Sparade filer: the form's values, and the files of a run of this tool that the page
 * offered. The run must be the user's own, not purged, with every file still in the store and
 * uploaded within RUN_RETENTION_DAYS; anyone else's run is refused exactly like a missing one
 * (nothing to learn about other people's files).
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
  const [run] = await db
    .select({ inputManifest: toolRuns.inputManifest })
    .from(toolRuns)
    .innerJoin(tools, eq(tools.id, toolRuns.toolId))
    .where(and(eq(toolRuns.id, fromRunId), eq(toolRuns.userId, who.userId), eq(tools.slug, slug), eq(toolRuns.context, "production"), isNull(toolRuns.purgedAt)));
  const files = (run?.inputManifest ?? []) as StoredInputFile[];
  if (files.length === 0 || !(await filesStillKept(store, files))) throw new ServiceError("CONFLICT", SAVED_FILES_GONE, { fieldErrors: { files: SAVED_FILES_GONE } });
  return startRun({ actor: who, input: { slug, values, files } });
}
