import "server-only";
import { and, asc, count, desc, eq, exists, inArray, isNotNull, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { PgSelect } from "drizzle-orm/pg-core";
import { CATALOG_PAGE_SIZE, catalogInput, type CatalogInput } from "@/lib/catalog-schemas";
import { catalogSearchWords, type CatalogSearchWord } from "@/lib/catalog-search";
import { getDb } from "../db/client";
import { categories, professions, toolCategories, toolFavorites, toolProfessions, tools } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { pageOffset } from "./list-query";
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
 * (migration 0001_search_extensions), so that `~` and `<%` on it are answered by the index and
 * only the candidates it returns are folded again to be checked.
 */
const searchDocument = fold(sql`${tools.title} || ' ' || ${tools.summary}`);

/**
 * `term` as a regular expression that matches it literally anywhere: in Postgres' regular
 * expressions a backslash before a character that is not a letter or digit makes it literal, so
 * the user's %, _, . or ( mean themselves.
 */
const literalPattern = (term: string) => term.replace(/[^\p{L}\p{N}]/gu, "\\$&");

/**
 * One search word's rows (tool_id, word, points) for the tools it matches, a tool possibly more
 * than once: by title and summary through the trigram index, by the labels of the tool's
 * professions and categories (a handful of rows). `index` numbers the word in the query.
 * `points` ranks (0: no match after all, `<%` being only ≥ 0.6); `matches` only finds.
 */
function searchWordRows(word: CatalogSearchWord, index: SQL) {
  // The query's terms are folded in SQL too (as well as by searchFold), so both sides meet
  // even for letters that searchFold keeps and unaccent maps (ø, æ, ß).
  const folded = (text: string) => sql`lower(immutable_unaccent(${text}))`;
  const exact = folded(literalPattern(word.term));
  const synonyms = word.synonyms.length > 0 ? folded(word.synonyms.map(literalPattern).join("|")) : null;
  // One regular expression with every term (not one LIKE each): the document is folded once per
  // candidate to check it, and the index still answers it.
  const anyTerm = folded([word.term, ...word.synonyms].map(literalPattern).join("|"));
  const fuzzy = word.fuzzy === null ? null : folded(word.fuzzy);

  const synonymIn = (text: SQL) => (synonyms ? sql`${text} ~ ${synonyms}` : sql`false`);
  const similarity = (text: SQL) => sql`word_similarity(${fuzzy}, ${text})`;
  const fuzzyPoints = (text: SQL, weight: number) => (fuzzy ? sql`when ${similarity(text)} > ${FUZZY_MIN_SIMILARITY}::real then ${weight} * ${similarity(text)}` : sql``);
  /** The word's points for a tool (0: no match after all, `<%` being only ≥ 0.6). */
  const points = (title: SQL | null, text: SQL) => sql`(case
    ${title ? sql`when ${title} ~ ${exact} then ${POINTS.titleExact} when ${synonymIn(title)} then ${POINTS.titleSynonym}` : sql``}
    when ${text} ~ ${exact} then ${POINTS.textExact} when ${synonymIn(text)} then ${POINTS.textSynonym}
    ${title ? fuzzyPoints(title, 2) : sql``} ${fuzzyPoints(text, 1)}
    else 0 end)::real`;

  const candidate = sql.identifier("candidate");
  // The folded document starts with the folded title: unaccent keeps the length of the letters
  // it folds (å → a), so this is the title but for a rare ligature (æ → ae), without folding it.
  const title = sql`left(${candidate}.document, ${candidate}.title_length)`;
  const labelRows = (links: typeof toolProfessions | typeof toolCategories, slugColumn: SQLWrapper, labels: typeof professions | typeof categories) =>
    // Each label's points once (a handful of labels), then the tools that have it.
    sql`select ${links.toolId}, ${index}, label.points from ${links}
        join (select ${labels.slug} as slug, ${points(null, fold(labels.label))} as points from ${labels} offset 0) label on label.slug = ${slugColumn}
        where label.points > 0`;
  const candidates = sql`${searchDocument} ~ ${anyTerm}${fuzzy ? sql` or ${fuzzy} <% ${searchDocument}` : sql``}`;
  const labelMatches = sql`union all ${labelRows(toolProfessions, toolProfessions.professionSlug, professions)}
      union all ${labelRows(toolCategories, toolCategories.categorySlug, categories)}`;
  return {
    // OFFSET 0 keeps the candidates whole (not flattened into the outer query), so the document
    // is folded once more per candidate rather than once per use in the points.
    points: sql`select ${candidate}.id, ${index}, ${points(title, sql`${candidate}.document`)} from (
        select ${tools.id} as id, ${searchDocument} as document, length(replace(${tools.title}, '-', '')) as title_length
        from ${tools} where ${candidates} offset 0) ${candidate}
      ${labelMatches}`,
    /** The same tools without their points (for the count), each row (tool_id, word, 1). */
    matches: sql`select ${tools.id}, ${index}, 1 from ${tools}
        where ${searchDocument} ~ ${anyTerm}${fuzzy ? sql` or (${fuzzy} <% ${searchDocument} and ${similarity(searchDocument)} > ${FUZZY_MIN_SIMILARITY}::real)` : sql``}
      ${labelMatches}`,
  };
}

/**
 * The search as derived tables, not a join per word (whose join order the planner would search:
 * tens of milliseconds of planning at five words): every word's rows in one list, grouped by
 * tool, a tool kept when every word matched it — ranked for the page, bare ids for the count.
 */
function searchSql(words: CatalogSearchWord[]) {
  const parts = words.map((word, index) => searchWordRows(word, sql.raw(String(index))));
  // The word's number is a literal: every branch of the union then has the same column types.
  const union = (rows: (part: (typeof parts)[number]) => SQL) => sql.join(parts.map((part) => sql`(${rows(part)})`), sql` union all `);
  return {
    /** (tool_id, points): each word's best points for the tool, summed. */
    ranking: sql`select best.tool_id, sum(best.points) as points from (
        select found.tool_id, max(found.points) as points from (${union((part) => part.points)}) found(tool_id, word, points)
        group by found.tool_id, found.word having max(found.points) > 0) best
      group by best.tool_id having count(*) = ${words.length}`,
    /** The ids of the tools every word matched. */
    toolIds: sql`select found.tool_id from (${union((part) => part.matches)}) found(tool_id, word, one)
      group by found.tool_id having count(distinct found.word) = ${words.length}`,
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
  const who = requireRole(actor, "user");
  const { query, professions: professionFilter, categories: categoryFilter, page, onlyFavorites } = parseInput(catalogInput, input);
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
  if (onlyFavorites) {
    // The actor's own stars only (the command line has none).
    const userId = who.kind === "user" ? who.userId : null;
    conditions.push(userId ? exists(db.select({ one: sql`1` }).from(toolFavorites).where(and(eq(toolFavorites.toolId, tools.id), eq(toolFavorites.userId, userId)))) : sql`false`);
  }

  const where = and(...conditions);

  // The page joins the search's ranking and sorts by it; the count takes its ids.
  const words = catalogSearchWords(query ?? "");
  const search = words.length > 0 ? searchSql(words) : null;
  const ranking = search?.ranking;
  const countWhere = search ? and(where, sql`${tools.id} in (${search.toolIds})`) : where;
  function withRanking<T extends PgSelect>(select: T): T {
    if (ranking) select.innerJoin(sql`(${ranking}) ranked`, sql`ranked.tool_id = ${tools.id}`);
    return select;
  }

  const [rows, [counted], professionRows, categoryRows] = await Promise.all([
    withRanking(
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
      .orderBy(...(ranking ? [desc(sql`ranked.points`)] : []), asc(sql`lower(${tools.title})`), asc(tools.id))
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
