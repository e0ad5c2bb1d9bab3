import "server-only";
import { and, asc, eq, exists, inArray, isNotNull, sql } from "drizzle-orm";
import { CATALOG_PAGE_SIZE, catalogInput, type CatalogInput } from "@/lib/catalog-schemas";
import { getDb } from "../db/client";
import { categories, professions, toolCategories, toolFavorites, toolProfessions, tools } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { likePattern, pageOffset } from "./list-query";
import { parseInput } from "./parse-input";

/**
 * Swedish inflection endings dropped by `searchStem`, longest first so "-orna" wins over "-na"
 * and "-a". A deliberately light stem, not a real stemmer: matching is by substring, so cutting
 * the ending off the query word lets "klasslista", "klasslistor" and "klasslistan" all find
 * "klasslist…" (and "grupper" finds "Gruppindelning"). Only words longer than 5 letters are
 * stemmed and at least 4 letters are kept, so short words ("epost", "pdf", "word") stay whole.
 */
const STEM_ENDINGS = ["orna", "arna", "erna", "or", "ar", "er", "na", "en", "et", "an", "a", "e"] as const;

function searchStem(word: string): string {
  if (word.length <= 5) return word;
  const ending = STEM_ENDINGS.find((candidate) => word.endsWith(candidate) && word.length - candidate.length >= 4);
  return ending ? word.slice(0, -ending.length) : word;
}

/**
 * The ILIKE patterns for a Katalog search: one per word (split on whitespace, duplicates
 * dropped), lower-cased, hyphens removed (the searched text loses its hyphens too, so "epost"
 * and "e-post" find each other), stemmed, and with the user's own % and _ taken literally.
 */
export function catalogSearchPatterns(query: string): string[] {
  const words = query
    .toLocaleLowerCase("sv")
    .split(/\s+/)
    .map((word) => word.replaceAll("-", ""))
    .filter((word) => word !== "")
    .map(searchStem);
  return [...new Set(words)].map(likePattern);
}

/**
 * The Katalog: published tools with an active version, searchable word by word (every word
 * must occur somewhere in the title, summary or the Swedish labels of the tool's professions
 * and categories; see `catalogSearchPatterns`), filterable by profession and by category
 * (within a group any selected value matches; the two groups combine with AND), a page at a
 * time in title order. One query for the page, with the taxonomy aggregated in SQL, and one
 * count.
 */
export async function listCatalog({ actor, input }: { actor: Actor | null; input: CatalogInput }) {
  const who = requireRole(actor, "user");
  const { query, professions: professionFilter, categories: categoryFilter, page, onlyFavorites } = parseInput(catalogInput, input);
  const db = getDb();
  const conditions = [eq(tools.isPublished, true), isNotNull(tools.activeVersionId)];
  const patterns = catalogSearchPatterns(query ?? "");
  if (patterns.length > 0) {
    // One searchable text per row (title, summary and taxonomy labels, hyphens removed), built
    // once and matched against all the word patterns with ILIKE ALL, so a query of any length
    // stays one condition on the same single query (and count) as before.
    const professionLabels = sql`(select string_agg(${professions.label}, ' ') from ${toolProfessions} join ${professions} on ${professions.slug} = ${toolProfessions.professionSlug} where ${toolProfessions.toolId} = ${tools.id})`;
    const categoryLabels = sql`(select string_agg(${categories.label}, ' ') from ${toolCategories} join ${categories} on ${categories.slug} = ${toolCategories.categorySlug} where ${toolCategories.toolId} = ${tools.id})`;
    const searchable = sql`replace(concat_ws(' ', ${tools.title}, ${tools.summary}, ${professionLabels}, ${categoryLabels}), '-', '')`;
    const wordPatterns = sql.join(
      patterns.map((pattern) => sql`${pattern}`),
      sql`, `,
    );
    conditions.push(sql`${searchable} ilike all (array[${wordPatterns}]::text[])`);
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
  if (onlyFavorites) {
    // The actor's own stars only (the command line has none).
    const userId = who.kind === "user" ? who.userId : null;
    conditions.push(userId ? exists(db.select({ one: sql`1` }).from(toolFavorites).where(and(eq(toolFavorites.toolId, tools.id), eq(toolFavorites.userId, userId)))) : sql`false`);
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
