import "server-only";
import { env } from "@/env";
import type { z } from "zod";
import { toolSlugInput } from "@/lib/catalog-schemas";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { getArtifactStore } from "../artifacts/default-artifact-store";
import { getDb } from "../db/client";
import { instructionsHash, seenInstructionsHash } from "./mark-instructions-seen";
import { findSavedFiles } from "./saved-files";
import { requireRole, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { effectiveSettings, latestResultRun, loadPublishedTool, loadToolSession } from "./tool-access";

/** Everything the tool page needs to render its form, settings and instructions. */
export async function getToolPage({
  actor,
  input,
  store = getArtifactStore(),
}: {
  actor: Actor | null;
  input: z.input<typeof toolSlugInput>;
  store?: ArtifactStore;
}) {
  const who = requireRole(actor, "user");
  const { slug } = parseInput(toolSlugInput, input);
  const db = getDb();
  const { tool, version, inputSchema, settingsSchema } = await loadPublishedTool(db, slug);
  const [session, latest, seenHash, saved] =
    who.kind === "user"
      ? await Promise.all([
          loadToolSession(db, { toolId: tool.id, userId: who.userId, context: "production" }),
          latestResultRun(db, { toolId: tool.id, userId: who.userId }),
          seenInstructionsHash(db, { userId: who.userId, toolId: tool.id }),
          findSavedFiles(db, store, { toolId: tool.id, userId: who.userId }),
        ])
      : [null, null, null, null];
  const shownHash = instructionsHash(version.usageInstructions);
  return {
    tool: { id: tool.id, slug: tool.slug, title: tool.title, summary: tool.summary },
    version: { id: version.id, number: version.versionNumber, usageInstructions: version.usageInstructions },
    /** Open until the user has seen this text (a changed text opens again). */
    instructions: { hash: shownHash, seen: seenHash === shownHash },
    /** Sparade filer: the files of the user's last run of the tool, to run again (names only), and until when they are kept. */
    savedFiles: saved ? { runId: saved.runId, files: saved.files.map((file) => ({ name: file.name, bytes: file.bytes })), keptUntil: saved.keptUntil.toISOString() } : null,
    inputSchema,
    settingsSchema,
    settings: effectiveSettings(session, settingsSchema),
    stateRevision: session?.stateRevision ?? 0,
    /** An interactive tool the user is in the middle of: the run to continue from. */
    continueRunId: latest?.nextActions?.length ? latest.id : null,
    /** How long files and results are kept (said on the page). */
    retentionDays: env.RUN_RETENTION_DAYS,
    uploadLimits: { maxFiles: env.UPLOAD_MAX_FILES, maxFileBytes: env.UPLOAD_MAX_FILE_BYTES, maxTotalBytes: env.UPLOAD_MAX_TOTAL_BYTES },
  };
}

export type ToolPage = Awaited<ReturnType<typeof getToolPage>>;
