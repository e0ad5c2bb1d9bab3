import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { runIdInput } from "@/lib/run-schemas";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { getArtifactStore } from "../artifacts/default-artifact-store";
import { getDb } from "../db/client";
import { tools } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { loadVisibleRun } from "./run-access";
import type { StoredInputFile } from "./queue-run";
import { notFound, ServiceError } from "./service-error";
import { filesExpiredMessage, filesRetention } from "./saved-files";
import { startRun } from "./start-run";

/**
 * Kör igen: the same tool with the same files and values, on the tool's current active
 * version (a fixed tool fixes the rerun). Refused clearly when the files are gone.
 */
export async function rerunRun({
  actor,
  input,
  store = getArtifactStore(),
}: {
  actor: Actor | null;
  input: z.input<typeof runIdInput>;
  store?: ArtifactStore;
}) {
  const who = requireRole(actor, "user");
  const { runId } = parseInput(runIdInput, input);
  const db = getDb();
  const run = await loadVisibleRun(db, who, runId);
  if (who.kind !== "user" || run.userId !== who.userId || run.context !== "production") throw notFound("Körningen");
  if (run.action !== null) throw new ServiceError("VALIDATION", "En uppföljande åtgärd kan inte köras igen. Kör verktyget från början i stället.");
  if (run.purgedAt) throw new ServiceError("CONFLICT", "Filerna från den körningen har tagits bort. Ladda upp filerna igen på verktygets sida.");
  const [tool] = await db.select({ slug: tools.slug }).from(tools).where(eq(tools.id, run.toolId));
  if (!tool) throw notFound("Verktyget");
  const files = run.inputManifest as StoredInputFile[];
  const retention = await filesRetention(store, files);
  if ("missing" in retention) {
    throw new ServiceError("CONFLICT", `Filen "${retention.missing.name}" från den körningen finns inte kvar. Ladda upp filerna igen på verktygets sida.`);
  }
  // Files are kept RUN_RETENTION_DAYS from their upload, however often they are reused.
  if (retention.keptUntil !== null && retention.keptUntil <= new Date()) {
    throw new ServiceError("CONFLICT", filesExpiredMessage("Filerna från den körningen", "Ladda upp filerna igen på verktygets sida."));
  }
  return startRun({ actor: who, input: { slug: tool.slug, values: run.inputValues as Record<string, unknown>, files } });
}
