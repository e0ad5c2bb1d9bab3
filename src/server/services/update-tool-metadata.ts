import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { z } from "zod";
import { updateToolMetadataInput, type UpdateToolMetadataInput } from "@/lib/version-schemas";
import { getDb, type DbOrTx } from "../db/client";
import { toolCategories, toolProfessions, tools } from "../db/schema";
import type { Actor, UserActor } from "./actor";
import { loadToolForAdmin, loadToolTaxonomy, requireAdmin } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { ServiceError } from "./service-error";

const sorted = (list: readonly string[]) => [...new Set(list)].sort();

/**
 * An admin edits what the Katalog shows about a tool: slug, title, summary, professions and
 * categories. The slug is frozen while the tool is published (links and bookmarks point at it),
 * and a published tool keeps at least one profession and one category.
 */
export async function updateToolMetadata({ actor, input }: { actor: Actor | null; input: UpdateToolMetadataInput }) {
  const admin = requireAdmin(actor);
  const data = parseInput(updateToolMetadataInput, input);
  return getDb().transaction(async (tx) => writeToolMetadata(tx, { admin, tool: await loadToolForAdmin(tx, data.toolId, { lock: true }), data }));
}

/**
 * The entry's change itself, with its rules and the audit event. Call inside a transaction
 * holding the tool's row lock, with the tool as read under it (the review page's
 * publish-and-show step writes the entry this way, in its transaction).
 */
export async function writeToolMetadata(
  tx: DbOrTx,
  { admin, tool, data }: { admin: UserActor; tool: typeof tools.$inferSelect; data: Omit<z.output<typeof updateToolMetadataInput>, "toolId"> },
) {
  const professions = sorted(data.professions);
  const categories = sorted(data.categories);
  const beforeTaxonomy = await loadToolTaxonomy(tx, tool.id);
  if (data.slug !== tool.slug) {
    if (tool.isPublished) {
      const message = "Adressen (slug) kan inte ändras medan verktyget är publicerat i katalogen. Avpublicera verktyget först.";
      throw new ServiceError("CONFLICT", message, { fieldErrors: { slug: message } });
    }
    const [taken] = await tx.select({ id: tools.id }).from(tools).where(and(eq(tools.slug, data.slug), ne(tools.id, tool.id)));
    if (taken) {
      const message = `Adressen "${data.slug}" används redan av ett annat verktyg.`;
      throw new ServiceError("CONFLICT", message, { fieldErrors: { slug: message } });
    }
  }
  if (tool.isPublished && (professions.length === 0 || categories.length === 0)) {
    const message = "Ett publicerat verktyg måste ha minst en yrkesroll och en kategori.";
    throw new ServiceError("VALIDATION", message, { fieldErrors: { [professions.length === 0 ? "professions" : "categories"]: message } });
  }

  const before = {
    slug: tool.slug,
    title: tool.title,
    summary: tool.summary,
    professions: sorted(beforeTaxonomy.professions),
    categories: sorted(beforeTaxonomy.categories),
  };
  const after = { slug: data.slug, title: data.title, summary: data.summary, professions, categories };
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  if (changed.length === 0) return { toolId: tool.id, changed: [] as string[] };

  await tx.update(tools).set({ slug: data.slug, title: data.title, summary: data.summary, updatedAt: new Date() }).where(eq(tools.id, tool.id));
  if (changed.includes("professions")) {
    await tx.delete(toolProfessions).where(eq(toolProfessions.toolId, tool.id));
    if (professions.length > 0) await tx.insert(toolProfessions).values(professions.map((professionSlug) => ({ toolId: tool.id, professionSlug })));
  }
  if (changed.includes("categories")) {
    await tx.delete(toolCategories).where(eq(toolCategories.toolId, tool.id));
    if (categories.length > 0) await tx.insert(toolCategories).values(categories.map((categorySlug) => ({ toolId: tool.id, categorySlug })));
  }
  await recordAuditEvent(tx, {
    actor: admin,
    action: "tool.metadata_changed",
    targetType: "tool",
    targetId: tool.id,
    before: Object.fromEntries(changed.map((key) => [key, before[key]])),
    after: Object.fromEntries(changed.map((key) => [key, after[key]])),
  });
  return { toolId: tool.id, changed: changed as string[] };
}
