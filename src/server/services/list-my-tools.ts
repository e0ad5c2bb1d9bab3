import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { toolMaintainers, toolVersions, tools, users } from "../db/schema";
import type { Actor } from "./actor";
import { requireContributor, summarizeVersions } from "./maintained-tool";

/**
 * Mina verktyg: the tools the contributor maintains (an admin: every tool), each with where
 * its work stands — a draft, waiting for review, changes requested — and whether it is in the
 * Katalog.
 */
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
  const byTool = new Map<string, typeof versions>();
  for (const version of versions) byTool.set(version.toolId, [...(byTool.get(version.toolId) ?? []), version]);

  return {
    tools: rows.map((row) => {
      const summary = summarizeVersions(byTool.get(row.id) ?? []);
      return {
        ...row,
        workState: summary.workState,
        headVersion: summary.head ? { number: summary.head.versionNumber, state: summary.head.state, createdAt: summary.head.createdAt } : null,
        activeVersionNumber: summary.active?.versionNumber ?? null,
        inCatalog: row.isPublished && summary.active !== null,
      };
    }),
  };
}
