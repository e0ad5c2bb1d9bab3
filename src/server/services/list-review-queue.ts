import "server-only";
import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "../db/client";
import { toolVersions, tools, users } from "../db/schema";
import type { Actor } from "./actor";
import { requireAdmin } from "./maintained-tool";

const activeVersions = alias(toolVersions, "active_versions");

/** What waits for an admin's review, oldest submission first. */
export async function listReviewQueue({ actor }: { actor: Actor | null }) {
  requireAdmin(actor);
  const rows = await getDb()
    .select({
      versionId: toolVersions.id,
      versionNumber: toolVersions.versionNumber,
      changeSummary: toolVersions.changeSummary,
      submittedAt: toolVersions.submittedAt,
      submittedByName: users.displayName,
      toolId: tools.id,
      toolTitle: tools.title,
      toolSlug: tools.slug,
      toolIsPublished: tools.isPublished,
      activeVersionNumber: activeVersions.versionNumber,
    })
    .from(toolVersions)
    .innerJoin(tools, eq(tools.id, toolVersions.toolId))
    .leftJoin(users, eq(users.id, toolVersions.submittedBy))
    .leftJoin(activeVersions, eq(activeVersions.id, tools.activeVersionId))
    .where(eq(toolVersions.state, "in_review"))
    .orderBy(asc(toolVersions.submittedAt));
  return { items: rows };
}
