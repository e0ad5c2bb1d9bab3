import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { env } from "@/env";
import { isPlaceholderSlug, slugFromTitle, versionIdInput } from "@/lib/version-schemas";
import { getDb } from "../db/client";
import { toolRuns, tools, users } from "../db/schema";
import type { Actor } from "./actor";
import { contentOf, loadToolTaxonomy, loadVersion, requireAdmin } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { notFound } from "./service-error";
import { loadToolSession } from "./tool-access";

/**
 * One version under review, with the tool's active version to compare against (null for a
 * tool's first publication) and the evidence that it was tried: the latest TESTKÖR whose content
 * hash is this version's. Any state is returned, so the page can say when someone else
 * already answered.
 */
export async function getReview({ actor, input }: { actor: Actor | null; input: z.input<typeof versionIdInput> }) {
  const who = requireAdmin(actor);
  const { versionId } = parseInput(versionIdInput, input);
  const db = getDb();
  const version = await loadVersion(db, versionId);
  const [tool] = await db.select().from(tools).where(eq(tools.id, version.toolId));
  if (!tool) throw notFound("Verktyget");
  const active = tool.activeVersionId && tool.activeVersionId !== version.id ? await loadVersion(db, tool.activeVersionId) : null;
  const people = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [version.createdBy, ...(version.submittedBy ? [version.submittedBy] : [])]));
  const nameOf = (id: string | null) => people.find((person) => person.id === id)?.displayName ?? null;
  // The evidence: the latest TESTKÖR (anyone's, a follow-up step too) of exactly this content.
  const [evidence] = await db
    .select({ runId: toolRuns.id, status: toolRuns.status, queuedAt: toolRuns.queuedAt, finishedAt: toolRuns.finishedAt, byName: users.displayName, action: toolRuns.action, versionId: toolRuns.versionId })
    .from(toolRuns)
    .innerJoin(users, eq(users.id, toolRuns.userId))
    .where(and(eq(toolRuns.toolId, tool.id), eq(toolRuns.context, "sandbox"), eq(toolRuns.contentHash, version.contentHash)))
    .orderBy(desc(toolRuns.queuedAt))
    .limit(1);
  const [sandboxSession, taxonomy] = await Promise.all([
    loadToolSession(db, { toolId: tool.id, userId: who.userId, context: "sandbox" }),
    loadToolTaxonomy(db, tool.id),
  ]);
  return {
    tool: {
      id: tool.id,
      slug: tool.slug,
      title: tool.title,
      summary: tool.summary,
      isPublished: tool.isPublished,
      hasActiveVersion: tool.activeVersionId !== null,
      /**
       * What the publish-and-show form starts from: the tool's slug, or for a placeholder one
       * made from the title (the admin confirms or changes it).
       */
      proposedSlug: isPlaceholderSlug(tool.slug) ? slugFromTitle(tool.title) : tool.slug,
      professions: taxonomy.professions,
      categories: taxonomy.categories,
    },
    version: {
      id: version.id,
      versionNumber: version.versionNumber,
      state: version.state,
      createdAt: version.createdAt,
      createdByName: nameOf(version.createdBy),
      changeSummary: version.changeSummary,
      submittedAt: version.submittedAt,
      submittedByName: nameOf(version.submittedBy),
      reviewNote: version.reviewNote,
      ...contentOf(version),
    },
    active: active ? { id: active.id, versionNumber: active.versionNumber, ...contentOf(active) } : null,
    /** Null: nobody has TESTKÖR-run exactly this content (a run of other text never counts). */
    latestSandboxRun: evidence
      ? {
          runId: evidence.runId,
          status: evidence.status,
          queuedAt: evidence.queuedAt,
          finishedAt: evidence.finishedAt,
          byName: evidence.byName,
          isFollowUp: evidence.action !== null,
          ofEditorText: evidence.versionId === null,
        }
      : null,
    uploadLimits: { maxFiles: env.UPLOAD_MAX_FILES, maxFileBytes: env.UPLOAD_MAX_FILE_BYTES, maxTotalBytes: env.UPLOAD_MAX_TOTAL_BYTES },
    sandboxTimeoutSeconds: env.RUNNER_TIMEOUT_SANDBOX_SECONDS,
    /** The admin's own TESTKÖR settings for the tool, for the TESTKÖR on the review page. */
    sandboxSettings: (sandboxSession?.settings ?? {}) as Record<string, unknown>,
  };
}
