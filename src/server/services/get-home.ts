import "server-only";
import { and, count, desc, eq, isNotNull, max, sql } from "drizzle-orm";
import { hasRole } from "@/lib/domain";
import { getDb } from "../db/client";
import { toolFavorites, toolMaintainers, toolRuns, toolVersions, tools } from "../db/schema";
import { requireUser, type Actor } from "./actor";
import { summarizeVersions } from "./maintained-tool";
import { FAILED_RUN_WINDOW_DAYS, isRecentFailedRun } from "./recent-failed-runs";

/**
 * Hem: what the signed-in person needs first. For everyone: their favourites, the tools they
 * used last, their latest runs and the interactive tools they left halfway. A contributor also
 * gets their tools that need attention; an admin also the versions waiting for review.
 * A fixed handful of queries, all at once, whatever the numbers (no query per tool or run).
 */
export async function getHome({ actor }: { actor: Actor | null }) {
  const who = requireUser(actor, "user", "Bara inloggade användare har en startsida.");
  const db = getDb();
  const inCatalog = and(eq(tools.isPublished, true), isNotNull(tools.activeVersionId));
  const myKorRuns = and(eq(toolRuns.userId, who.userId), eq(toolRuns.context, "production"));
  const isContributor = hasRole(who.role, "contributor");
  const isAdmin = hasRole(who.role, "admin");

  const [favorites, recentTools, latestRuns, continueRuns, maintainedVersions, failedRuns, reviewQueue] = await Promise.all([
    db
      .select({ id: tools.id, slug: tools.slug, title: tools.title, summary: tools.summary })
      .from(toolFavorites)
      .innerJoin(tools, eq(tools.id, toolFavorites.toolId))
      .where(and(eq(toolFavorites.userId, who.userId), inCatalog))
      .orderBy(desc(toolFavorites.createdAt))
      .limit(12),
    db
      .select({ id: tools.id, slug: tools.slug, title: tools.title, lastUsedAt: max(toolRuns.queuedAt).as("last_used_at") })
      .from(toolRuns)
      .innerJoin(tools, eq(tools.id, toolRuns.toolId))
      .where(and(myKorRuns, inCatalog))
      .groupBy(tools.id)
      .orderBy(desc(sql`last_used_at`))
      .limit(6),
    db
      .select({
        id: toolRuns.id,
        status: toolRuns.status,
        queuedAt: toolRuns.queuedAt,
        actionLabel: sql<string | null>`${toolRuns.action}->>'label'`,
        toolTitle: tools.title,
      })
      .from(toolRuns)
      .innerJoin(tools, eq(tools.id, toolRuns.toolId))
      .where(myKorRuns)
      .orderBy(desc(toolRuns.queuedAt))
      .limit(5),
    // The same rule as the tool page's "Fortsätt där du slutade" (tool-access.ts,
    // latestResultRun): per tool, the latest succeeded KÖR run with a result; it is left
    // halfway when that result offers next actions.
    db.execute<{ id: string; finished_at: Date; slug: string; title: string }>(sql`
      select latest.id, latest.finished_at, ${tools.slug} as slug, ${tools.title} as title
      from (
        select distinct on (${toolRuns.toolId}) ${toolRuns.id} as id, ${toolRuns.toolId} as tool_id, ${toolRuns.finishedAt} as finished_at,
          jsonb_array_length(coalesce(${toolRuns.uiPayload}->'next_actions', '[]'::jsonb)) > 0 as has_next
        from ${toolRuns}
        where ${toolRuns.userId} = ${who.userId} and ${toolRuns.context} = 'production' and ${toolRuns.status} = 'succeeded' and ${toolRuns.uiPayload} is not null
        order by ${toolRuns.toolId}, ${toolRuns.finishedAt} desc
      ) latest
      join ${tools} on ${tools.id} = latest.tool_id
      where latest.has_next and ${tools.isPublished} and ${tools.activeVersionId} is not null
      order by latest.finished_at desc
      limit 3`),
    isContributor
      ? db
          .select({
            id: toolVersions.id,
            toolId: toolVersions.toolId,
            versionNumber: toolVersions.versionNumber,
            state: toolVersions.state,
            reviewNote: toolVersions.reviewNote,
            publishedAt: toolVersions.publishedAt,
            submittedAt: toolVersions.submittedAt,
            toolTitle: tools.title,
          })
          .from(toolVersions)
          .innerJoin(tools, eq(tools.id, toolVersions.toolId))
          .innerJoin(toolMaintainers, and(eq(toolMaintainers.toolId, toolVersions.toolId), eq(toolMaintainers.userId, who.userId)))
      : Promise.resolve([]),
    isContributor
      ? db
          .select({ toolId: tools.id, toolTitle: tools.title, failedCount: count(), latestAt: max(toolRuns.queuedAt) })
          .from(toolRuns)
          .innerJoin(tools, eq(tools.id, toolRuns.toolId))
          .innerJoin(toolMaintainers, and(eq(toolMaintainers.toolId, toolRuns.toolId), eq(toolMaintainers.userId, who.userId)))
          .where(isRecentFailedRun())
          .groupBy(tools.id)
          .orderBy(desc(max(toolRuns.queuedAt)))
      : Promise.resolve([]),
    isAdmin
      ? db
          .select({
            versionId: toolVersions.id,
            versionNumber: toolVersions.versionNumber,
            toolTitle: tools.title,
            submittedAt: toolVersions.submittedAt,
            total: sql<number>`(count(*) over ())::int`,
          })
          .from(toolVersions)
          .innerJoin(tools, eq(tools.id, toolVersions.toolId))
          .where(eq(toolVersions.state, "in_review"))
          .orderBy(toolVersions.submittedAt)
          .limit(5)
      : Promise.resolve([]),
  ]);

  const versionsByTool = new Map<string, typeof maintainedVersions>();
  for (const version of maintainedVersions) versionsByTool.set(version.toolId, [...(versionsByTool.get(version.toolId) ?? []), version]);
  const changesRequested = [...versionsByTool.entries()].flatMap(([toolId, versions]) => {
    const summary = summarizeVersions(versions);
    return summary.changesRequested ? [{ toolId, toolTitle: versions[0]!.toolTitle, versionNumber: summary.changesRequested.versionNumber, note: summary.changesRequested.note }] : [];
  });

  return {
    role: who.role,
    favorites,
    recentTools: recentTools.map(({ lastUsedAt, ...tool }) => ({ ...tool, lastUsedAt: lastUsedAt ? new Date(lastUsedAt) : null })),
    latestRuns,
    continueRuns: continueRuns.map((row) => ({ runId: row.id, toolSlug: row.slug, toolTitle: row.title, finishedAt: new Date(row.finished_at) })),
    attention: isContributor ? { changesRequested, failedRuns: failedRuns.map((row) => ({ ...row, latestAt: row.latestAt ? new Date(row.latestAt) : null })), failedRunWindowDays: FAILED_RUN_WINDOW_DAYS } : null,
    review: isAdmin ? { total: reviewQueue[0]?.total ?? 0, items: reviewQueue.map(({ total: _total, ...item }) => item) } : null,
  };
}

export type Home = Awaited<ReturnType<typeof getHome>>;
