import "server-only";
import { and, asc, count, desc, eq, inArray, max, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { toolMaintainers, toolRuns, toolVersions, tools, users } from "../db/schema";
import type { Actor } from "./actor";
import { requireContributor, summarizeVersions } from "./maintained-tool";
import { FAILED_RUN_WINDOW_DAYS, isRecentFailedRun } from "./recent-failed-runs";

/**
 * Mina verktyg: the tools the contributor maintains (an admin: every tool), each with where
 * its work stands — a draft, waiting for review, changes requested — and whether it is in the
 * Katalog — and the teachers' runs that failed lately (count, the latest error and the
 * traceback from its stderr), so a crash a teacher hit reaches the people who can fix it.
 */

/** Enough of stderr for the traceback's last frames and the exception line. */
const TRACEBACK_MAX_CHARS = 4000;

/** The last Python traceback in stderr (or its tail when there is none), capped. */
export function tracebackOf(stderr: string | null): string | null {
  if (!stderr?.trim()) return null;
  const start = stderr.lastIndexOf("Traceback (most recent call last):");
  const text = (start >= 0 ? stderr.slice(start) : stderr).trimEnd();
  return text.length > TRACEBACK_MAX_CHARS ? `…${text.slice(-TRACEBACK_MAX_CHARS)}` : text;
}
export async function listMyTools({ actor }: { actor: Actor | null }) {
  const who = requireContributor(actor);
  const db = getDb();
  const base = db
    .select({
      id: tools.id,
      slug: tools.slug,
      title: tools.title,
      summary: tools.summary,
      isPublished: tools.isPublished,
      updatedAt: tools.updatedAt,
      ownerName: users.displayName,
    })
    .from(tools)
    .innerJoin(users, eq(users.id, tools.ownerId));
  const rows =
    who.role === "admin"
      ? await base.orderBy(asc(sql`lower(${tools.title})`))
      : await base
          .where(inArray(tools.id, db.select({ id: toolMaintainers.toolId }).from(toolMaintainers).where(eq(toolMaintainers.userId, who.userId))))
          .orderBy(asc(sql`lower(${tools.title})`));
  if (rows.length === 0) return { tools: [] };

  const versions = await db
    .select({
      id: toolVersions.id,
      toolId: toolVersions.toolId,
      versionNumber: toolVersions.versionNumber,
      state: toolVersions.state,
      reviewNote: toolVersions.reviewNote,
      publishedAt: toolVersions.publishedAt,
      submittedAt: toolVersions.submittedAt,
      createdAt: toolVersions.createdAt,
    })
    .from(toolVersions)
    .where(inArray(toolVersions.toolId, rows.map((row) => row.id)));
  const toolIds = rows.map((row) => row.id);
  const failedWhere = and(inArray(toolRuns.toolId, toolIds), isRecentFailedRun());
  const [failedCounts, latestFailed] = await Promise.all([
    db.select({ toolId: toolRuns.toolId, failed: count(), latestAt: max(toolRuns.queuedAt) }).from(toolRuns).where(failedWhere).groupBy(toolRuns.toolId),
    db
      .selectDistinctOn([toolRuns.toolId], { toolId: toolRuns.toolId, finishedAt: toolRuns.finishedAt, errorSummary: toolRuns.errorSummary, stderr: toolRuns.stderr })
      .from(toolRuns)
      .where(failedWhere)
      .orderBy(toolRuns.toolId, desc(toolRuns.queuedAt)),
  ]);
  const failedByTool = new Map(failedCounts.map((row) => [row.toolId, row.failed]));
  const latestByTool = new Map(latestFailed.map((row) => [row.toolId, row]));

  const byTool = new Map<string, typeof versions>();
  for (const version of versions) byTool.set(version.toolId, [...(byTool.get(version.toolId) ?? []), version]);

  const failedFor = (toolId: string) => {
    const latest = latestByTool.get(toolId);
    const failed = failedByTool.get(toolId) ?? 0;
    if (!latest || failed === 0) return null;
    return { count: failed, windowDays: FAILED_RUN_WINDOW_DAYS, latestAt: latest.finishedAt, latestError: latest.errorSummary, traceback: tracebackOf(latest.stderr) };
  };

  return {
    tools: rows.map((row) => {
      const summary = summarizeVersions(byTool.get(row.id) ?? []);
      return {
        ...row,
        workState: summary.workState,
        headVersion: summary.head ? { number: summary.head.versionNumber, state: summary.head.state, createdAt: summary.head.createdAt } : null,
        activeVersionNumber: summary.active?.versionNumber ?? null,
        inCatalog: row.isPublished && summary.active !== null,
        failedRuns: failedFor(row.id),
      };
    }),
  };
}
