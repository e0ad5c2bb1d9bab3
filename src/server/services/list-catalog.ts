import "server-only";
import { and, asc, eq, exists, ilike, inArray, isNotNull, or, sql } from "drizzle-orm";
import { CATALOG_PAGE_SIZE, catalogInput, type CatalogInput } from "@/lib/catalog-schemas";
import { getDb } from "../db/client";
import { categories, professions, toolCategories, toolProfessions, tools } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { likePattern, pageOffset } from "./list-query";
import { parseInput } from "./parse-input";

/**
 * The Katalog: published tools with an active version, searchable over title and summary,
 * filterable by profession and by category (within a group any selected value matches; the
 * two groups combine with AND), a page at a time in title order. One query for the page,
 * with the taxonomy aggregated in SQL, and one count.
 */
export async function listCatalog({ actor, input }: { actor: Actor | null; input: CatalogInput }) {
  requireRole(actor, "user");
  const { query, professions: professionFilter, categories: categoryFilter, page } = parseInput(catalogInput, input);
  const db = getDb();
  const conditions = [eq(tools.isPublished, true), isNotNull(tools.activeVersionId)];
  if (query) {
    const pattern = likePattern(query);
    conditions.push(or(ilike(tools.title, pattern), ilike(tools.summary, pattern))!);
  }
  if (professionFilter.length > 0) {
    conditions.push(
      exists(db.select({ one: sql`1` }).from(toolProfessions).where(and(eq(toolProfessions.toolId, tools.id), inArray(toolProfessions.professionSlug, professionFilter)))),
    );
  }
  if (categoryFilter.length > 0) {
    conditions.push(
      exists(db.select({ one: sql`1` }).from(toolCategories).where(and(eq(toolCategories.toolId, tools.id), inArray(toolCategories.categorySlug, categoryFilter)))),
    );
  }

  const where = and(...conditions);
  const [rows, total, professionRows, categoryRows] = await Promise.all([
    db
      .select({
        id: tools.id,
        slug: tools.slug,
        title: tools.title,
        summary: tools.summary,
        professions: sql<string[]>`coalesce((select array_agg(${toolProfessions.professionSlug} order by ${toolProfessions.professionSlug}) from ${toolProfessions} where ${toolProfessions.toolId} = ${tools.id}), '{}')`,
        categories: sql<string[]>`coalesce((select array_agg(${toolCategories.categorySlug} order by ${toolCategories.categorySlug}) from ${toolCategories} where ${toolCategories.toolId} = ${tools.id}), '{}')`,
      })
      .from(tools)
      .where(where)
      .orderBy(asc(sql`lower(${tools.title})`), asc(tools.id))
      .limit(CATALOG_PAGE_SIZE)
      .offset(pageOffset(page, CATALOG_PAGE_SIZE)),
    db.$count(tools, where),
    db.select().from(professions).orderBy(asc(professions.sortOrder)),
    db.select().from(categories).orderBy(asc(categories.sortOrder)),
  ]);
  return {
    tools: rows,
    total,
    page,
    pageSize: CATALOG_PAGE_SIZE,
    professions: professionRows.map(({ slug, label }) => ({ slug, label })),
    categories: categoryRows.map(({ slug, label }) => ({ slug, label })),
  };
}
