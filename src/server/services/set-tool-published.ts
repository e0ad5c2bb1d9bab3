import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { catalogEntryProblems, setToolPublishedInput } from "@/lib/version-schemas";
import { getDb, type DbOrTx } from "../db/client";
import { toolVersions, tools } from "../db/schema";
import type { Actor, UserActor } from "./actor";
import { loadToolForAdmin, loadToolTaxonomy, requireAdmin } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { ServiceError } from "./service-error";

function listInSwedish(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} och ${items.at(-1)}`;
}

/**
 * Publicera / avpublicera i katalogen (admin). A tool is shown in the Katalog only with an
 * active version, a real slug, and at least one profession and one category; publishing
 * without them is refused with what is missing named. Depublishing hides the tool; its runs
 * and history stay.
 */
export async function setToolPublished({ actor, input }: { actor: Actor | null; input: z.input<typeof setToolPublishedInput> }) {
  const admin = requireAdmin(actor);
  const { toolId, published } = parseInput(setToolPublishedInput, input);
  return getDb().transaction(async (tx) => writeToolPublished(tx, { admin, tool: await loadToolForAdmin(tx, toolId, { lock: true }), published }));
}

/**
 * The publication change itself, with the Katalog's checks and the audit event. Call inside a
 * transaction holding the tool's row lock, with the tool as read under it (the review page's
 * publish-and-show step runs it after writing the version and the entry, in its transaction).
 */
export async function writeToolPublished(tx: DbOrTx, { admin, tool, published }: { admin: UserActor; tool: typeof tools.$inferSelect; published: boolean }) {
  if (tool.isPublished === published) return { toolId: tool.id, isPublished: published };
  if (published) {
    const [[active], taxonomy] = await Promise.all([
      tool.activeVersionId
        ? tx.select({ state: toolVersions.state }).from(toolVersions).where(eq(toolVersions.id, tool.activeVersionId))
        : Promise.resolve([]),
      loadToolTaxonomy(tx, tool.id),
    ]);
    const problems = catalogEntryProblems({
      hasActiveVersion: active?.state === "active",
      slug: tool.slug,
      professionCount: taxonomy.professions.length,
      categoryCount: taxonomy.categories.length,
    });
    if (problems.length > 0) {
      throw new ServiceError("VALIDATION", `Verktyget kan inte publiceras i katalogen än. Det saknar ${listInSwedish(problems.map((problem) => problem.missing))}.`, {
        fieldErrors: Object.fromEntries(problems.map((problem) => [problem.field, problem.message])),
      });
    }
  }
  await tx.update(tools).set({ isPublished: published, updatedAt: new Date() }).where(eq(tools.id, tool.id));
  await recordAuditEvent(tx, {
    actor: admin,
    action: published ? "tool.published" : "tool.depublished",
    targetType: "tool",
    targetId: tool.id,
    before: { isPublished: tool.isPublished },
    after: { isPublished: published, slug: tool.slug },
  });
  return { toolId: tool.id, isPublished: published };
}
