import "server-only";
import { env } from "@/env";
import type { z } from "zod";
import { toolSlugInput } from "@/lib/catalog-schemas";
import { getDb } from "../db/client";
import { requireRole, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { effectiveSettings, latestResultRun, loadPublishedTool, loadToolSession } from "./tool-access";

/** Everything the tool page needs to render its form, settings and instructions. */
export async function getToolPage({ actor, input }: { actor: Actor | null; input: z.input<typeof toolSlugInput> }) {
  const who = requireRole(actor, "user");
  const { slug } = parseInput(toolSlugInput, input);
  const db = getDb();
  const { tool, version, inputSchema, settingsSchema } = await loadPublishedTool(db, slug);
  const [session, latest] =
    who.kind === "user"
      ? await Promise.all([loadToolSession(db, { toolId: tool.id, userId: who.userId, context: "production" }), latestResultRun(db, { toolId: tool.id, userId: who.userId })])
      : [null, null];
  return {
    tool: { id: tool.id, slug: tool.slug, title: tool.title, summary: tool.summary },
    version: { id: version.id, number: version.versionNumber, usageInstructions: version.usageInstructions },
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
