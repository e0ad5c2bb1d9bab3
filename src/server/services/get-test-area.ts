import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { env } from "@/env";
import { isPlaceholderSlug, toolIdInput } from "@/lib/version-schemas";
import { getDb } from "../db/client";
import { categories, professions, toolMaintainers, toolRuns, toolVersions, users } from "../db/schema";
import type { Actor } from "./actor";
import { contentOf, headVersion, loadMaintainedTool, loadToolTaxonomy, requireContributor, summarizeVersions, wasChangesRequested } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { notFound } from "./service-error";
import { loadToolSession } from "./tool-access";

const submitters = alias(users, "submitters");
const reviewers = alias(users, "reviewers");

/**
 * Everything the Testyta needs: the tool, the head version's content to edit, the version
 * history (without sources: a version's content is fetched when it is compared or run), the
 * admin's note when changes were requested, the maintainers, and the actor's recent TESTKÖR
 * runs and TESTKÖR settings. Maintainers and admins only; anyone else gets "not found".
 */
export async function getTestArea({ actor, input }: { actor: Actor | null; input: z.input<typeof toolIdInput> }) {
  const who = requireContributor(actor);
  const { toolId } = parseInput(toolIdInput, input);
  const db = getDb();
  const tool = await loadMaintainedTool(db, who, toolId);
  const [head, versions, maintainers, taxonomy, professionRows, categoryRows, owner, recentRuns, sandboxSession] = await Promise.all([
    headVersion(db, tool.id),
    db
      .select({
        id: toolVersions.id,
        versionNumber: toolVersions.versionNumber,
        state: toolVersions.state,
        createdAt: toolVersions.createdAt,
        createdByName: users.displayName,
        parentVersionId: toolVersions.parentVersionId,
        changeSummary: toolVersions.changeSummary,
        submittedAt: toolVersions.submittedAt,
        submittedByName: submitters.displayName,
        reviewedAt: toolVersions.reviewedAt,
        reviewedByName: reviewers.displayName,
        reviewNote: toolVersions.reviewNote,
        publishedAt: toolVersions.publishedAt,
      })
      .from(toolVersions)
      .innerJoin(users, eq(users.id, toolVersions.createdBy))
      .leftJoin(submitters, eq(submitters.id, toolVersions.submittedBy))
      .leftJoin(reviewers, eq(reviewers.id, toolVersions.reviewedBy))
      .where(eq(toolVersions.toolId, tool.id))
      .orderBy(desc(toolVersions.versionNumber)),
    db
      .select({ userId: users.id, displayName: users.displayName, email: users.email, role: users.role })
      .from(toolMaintainers)
      .innerJoin(users, eq(users.id, toolMaintainers.userId))
      .where(eq(toolMaintainers.toolId, tool.id))
      .orderBy(asc(users.displayName)),
    loadToolTaxonomy(db, tool.id),
    db.select({ slug: professions.slug, label: professions.label }).from(professions).orderBy(asc(professions.sortOrder)),
    db.select({ slug: categories.slug, label: categories.label }).from(categories).orderBy(asc(categories.sortOrder)),
    db.select({ displayName: users.displayName }).from(users).where(eq(users.id, tool.ownerId)),
    db
      .select({ id: toolRuns.id, status: toolRuns.status, queuedAt: toolRuns.queuedAt, versionId: toolRuns.versionId })
      .from(toolRuns)
      .where(and(eq(toolRuns.toolId, tool.id), eq(toolRuns.userId, who.userId), eq(toolRuns.context, "sandbox")))
      .orderBy(desc(toolRuns.queuedAt))
      .limit(10),
    loadToolSession(db, { toolId: tool.id, userId: who.userId, context: "sandbox" }),
  ]);
  if (!head) throw notFound("Verktyget");
  const summary = summarizeVersions(versions);
  const isAdmin = who.role === "admin";
  const numberOf = new Map(versions.map((version) => [version.id, version.versionNumber]));

  return {
    tool: {
      id: tool.id,
      slug: tool.slug,
      title: tool.title,
      summary: tool.summary,
      isPublished: tool.isPublished,
      hasPlaceholderSlug: isPlaceholderSlug(tool.slug),
      ownerId: tool.ownerId,
      ownerName: owner[0]?.displayName ?? "",
      activeVersionId: tool.activeVersionId,
      professions: taxonomy.professions,
      categories: taxonomy.categories,
    },
    head: { id: head.id, versionNumber: head.versionNumber, state: head.state, ...contentOf(head) },
    versions: versions.map((version) => ({
      ...version,
      parentVersionNumber: version.parentVersionId ? (numberOf.get(version.parentVersionId) ?? null) : null,
      changesRequested: wasChangesRequested(version),
    })),
    workState: summary.workState,
    changesRequested: summary.changesRequested,
    maintainers: maintainers.map((m) => ({ userId: m.userId, displayName: m.displayName, email: isAdmin ? m.email : null, isOwner: m.userId === tool.ownerId })),
    recentRuns: recentRuns.map((run) => ({ ...run, versionNumber: run.versionId ? (numberOf.get(run.versionId) ?? null) : null })),
    taxonomy: { professions: professionRows, categories: categoryRows },
    isAdmin,
    /** Whose Testyta this is: the browser keeps working copies per person and tool. */
    viewerId: who.userId,
    uploadLimits: { maxFiles: env.UPLOAD_MAX_FILES, maxFileBytes: env.UPLOAD_MAX_FILE_BYTES, maxTotalBytes: env.UPLOAD_MAX_TOTAL_BYTES },
    sandboxTimeoutSeconds: env.RUNNER_TIMEOUT_SANDBOX_SECONDS,
    /** The actor's own TESTKÖR settings for the tool (the panel prefills them by field name). */
    sandboxSettings: (sandboxSession?.settings ?? {}) as Record<string, unknown>,
  };
}

export type TestArea = Awaited<ReturnType<typeof getTestArea>>;
