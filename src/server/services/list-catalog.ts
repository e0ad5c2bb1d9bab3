import "server-only";
import { and, asc, count, desc, eq, exists, inArray, isNotNull, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { PgSelect } from "drizzle-orm/pg-core";
import { CATALOG_PAGE_SIZE, catalogInput, type CatalogInput } from "@/lib/catalog-schemas";
import { catalogSearchWords, type CatalogSearchWord } from "@/lib/catalog-search";
import { getDb } from "../db/client";
import { categories, professions, toolCategories, toolProfessions, tools } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { likePattern, pageOffset } from "./list-query";
import { parseInput } from "./parse-input";

/**
 * Trigram word similarity (pg_trgm) above which a long query word counts as a typo of a word in
 * the tool's text: "gruppindelnig" → "Gruppindelning" is 0.86; a letter missing, extra or wrong
 * towards the end of a word, or swapped, about 0.62–0.85. A wrong letter in the middle breaks
 * three trigrams and passes only in long words (about 12 letters and more). Strictly above 0.6
 * so that a stem that merely shares its beginning with a shorter word ("epostlist" against
 * "epost till …", exactly 0.6) does not count.
 */
const FUZZY_MIN_SIMILARITY = 0.6;

/**
 * A word's points for one tool, so the best matches come first: the title above the summary
 * and taxonomy, the word as typed above a synonym, both above a typo match (worth at most 2 in
 * the title, 1 elsewhere, scaled by the similarity). A tool's rank is the sum over the words.
 */
const POINTS = { titleExact: 8, titleSynonym: 6, textExact: 4, textSynonym: 3 } as const;

/** Lower case, accents and hyphens gone: the same folding as `searchFold` on the query. */
const fold = (text: SQLWrapper) => sql`lower(immutable_unaccent(replace(${text}, '-', '')))`;

/**
 * Title and summary folded, exactly the expression of the trigram index `tools_search_trgm_idx`
 * (migration 0001_search_extensions), so that LIKE and `<%` on it are answered by the index and
 * only the candidates it returns are folded again to be checked.
 */
const searchDocument = fold(sql`${tools.title} || ' ' || ${tools.summary}`);

/**
 * The SQL of one search word: which tools it matches — by title and summary through the trigram
 * index, by the labels of their professions and categories (a handful of rows) — and, for the
 * page, each match's points (see POINTS).
 */
function searchWordSql(word: CatalogSearchWord) {
  // The query's terms are folded in SQL too (as well as by searchFold), so both sides meet
  // even for letters that searchFold keeps and unaccent maps (ø, æ, ß).
  const exact = sql`lower(immutable_unaccent(${likePattern(word.term)}))`;
  const synonyms = word.synonyms.map((synonym) => sql`lower(immutable_unaccent(${likePattern(synonym)}))`);
  const fuzzy = word.fuzzy === null ? null : sql`lower(immutable_unaccent(${word.fuzzy}))`;
  const anySynonym = (text: SQL) => (synonyms.length > 0 ? sql`${text} like any (array[${sql.join(synonyms, sql`, `)}])` : sql`false`);
  const similar = (text: SQL) => (fuzzy === null ? sql`false` : sql`word_similarity(${fuzzy}, ${text}) > ${FUZZY_MIN_SIMILARITY}::real`);
  const similarity = (text: SQL) => (fuzzy === null ? sql`0` : sql`word_similarity(${fuzzy}, ${text})`);

  // One LIKE per term, OR-ed, so the index answers each (a LIKE ANY would not use it); `<%` is
  // the indexed form of word_similarity ≥ 0.6, rechecked strictly.
  const documentConditions = [exact, ...synonyms].map((pattern) => sql`${searchDocument} like ${pattern}`);
  if (fuzzy !== null) documentConditions.push(sql`(${fuzzy} <% ${searchDocument} and ${similar(searchDocument)})`);
  const documentMatches = sql.join(documentConditions, sql` or `);

  const labelMatches = (label: SQLWrapper) => sql`(${fold(label)} like ${exact} or ${anySynonym(fold(label))} or ${similar(fold(label))})`;
  /** Tool ids (and `points`) of the tools whose profession or category label matches. */
  const byLabel = (points: (label: SQLWrapper) => SQL | null) => sql`
      select ${toolProfessions.toolId} as tool_id${points(professions.label) ?? sql``} from ${toolProfessions}
        join ${professions} on ${professions.slug} = ${toolProfessions.professionSlug} where ${labelMatches(professions.label)}
      union all
      select ${toolCategories.toolId}${points(categories.label) ?? sql``} from ${toolCategories}
        join ${categories} on ${categories.slug} = ${toolCategories.categorySlug} where ${labelMatches(categories.label)}`;

  return {
    /** The ids of the tools the word matches (repeats possible): for `id in (…)`. */
    toolIds: sql`select ${tools.id} from ${tools} where ${documentMatches} union all ${byLabel(() => null)}`,

    /** (tool_id, points) once per tool the word matches: a derived table named `alias` to join. */
    pointsTable(alias: string) {
      const c = sql.identifier(`${alias}_text`);
      // The folded document starts with the folded title: unaccent keeps the length of the
      // letters it folds (å → a), so this is the title but for the rare ligature (æ → ae), and it
      // saves folding the title once more per candidate.
      const title = sql`left(${c}.document, ${c}.title_length)`;
      const textPoints = sql`case
        when ${title} like ${exact} then ${POINTS.titleExact}
        when ${anySynonym(title)} then ${POINTS.titleSynonym}
        when ${c}.document like ${exact} then ${POINTS.textExact}
        when ${anySynonym(sql`${c}.document`)} then ${POINTS.textSynonym}
        when ${similar(title)} then 2 * ${similarity(title)}
        else ${similarity(sql`${c}.document`)} end`;
      const labelPoints = (label: SQLWrapper) => sql`, case
        when ${fold(label)} like ${exact} then ${POINTS.textExact}
        when ${anySynonym(fold(label))} then ${POINTS.textSynonym}
        else ${similarity(fold(label))} end`;
      // OFFSET 0 keeps the candidates' derived table whole (not flattened into the outer query),
      // so the document is folded once more per candidate rather than once per use.
      return sql`(select matched.tool_id, max(matched.points)::real as points from (
          select ${c}.id as tool_id, ${textPoints} as points from (
            select ${tools.id} as id, ${searchDocument} as document, length(replace(${tools.title}, '-', '')) as title_length
            from ${tools} where ${documentMatches} offset 0) ${c}
          union all ${byLabel(labelPoints)}
        ) matched group by matched.tool_id) ${sql.identifier(alias)}`;
    },
  };
}

/**
 * The Katalog: published tools with an active version, searchable word by word (every word
 * must match the title, summary or the Swedish labels of the tool's professions and categories:
 * as typed, through a synonym, or — long words — despite a small typo; see `catalogSearchWords`),
 * best matches first (POINTS), filterable by profession and by category (within a group any
 * selected value matches; the two groups combine with AND), a page at a time, in title order
 * without a search. One query for the page, with the taxonomy aggregated in SQL, and one count.
 */
export async function listCatalog({ actor, input }: { actor: Actor | null; input: CatalogInput }) {
  requireRole(actor, "user");
  const { query, professions: professionFilter, categories: categoryFilter, page } = parseInput(catalogInput, input);
  const db = getDb();
  const conditions = [eq(tools.isPublished, true), isNotNull(tools.activeVersionId)];
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

  // The page joins each word's points (a tool missing from one lacks that word) and sums them;
  // the count needs only each word's tool ids.
  const words = catalogSearchWords(query ?? "").map(searchWordSql);
  const aliases = words.map((_, index) => sql.identifier(`word_${index}`));
  function withPoints<T extends PgSelect>(select: T): T {
    words.forEach((word, index) => select.innerJoin(word.pointsTable(`word_${index}`), sql`${aliases[index]!}.tool_id = ${tools.id}`));
    return select;
  }
  const rank = words.length > 0 ? [desc(sql.join(aliases.map((alias) => sql`${alias}.points`), sql` + `))] : [];
  const countWhere = and(where, ...words.map((word) => sql`${tools.id} in (${word.toolIds})`));

  const [rows, [counted], professionRows, categoryRows] = await Promise.all([
    withPoints(
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
        .$dynamic(),
    )
      .where(where)
      .orderBy(...rank, asc(sql`lower(${tools.title})`), asc(tools.id))
      .limit(CATALOG_PAGE_SIZE)
      .offset(pageOffset(page, CATALOG_PAGE_SIZE)),
    db.select({ total: count() }).from(tools).where(countWhere),
    db.select().from(professions).orderBy(asc(professions.sortOrder)),
    db.select().from(categories).orderBy(asc(categories.sortOrder)),
  ]);
  return {
    tools: rows,
    total: counted?.total ?? 0,
    page,
    pageSize: CATALOG_PAGE_SIZE,
    professions: professionRows.map(({ slug, label }) => ({ slug, label })),
    categories: categoryRows.map(({ slug, label }) => ({ slug, label })),
  };
}
