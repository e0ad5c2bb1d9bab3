/**
 * How a Katalog search query is read, before the database matches it (list-catalog.ts): the
 * query's words, each folded, lightly stemmed, widened with its curated synonyms and, when it is
 * long enough to be told apart from other words, marked for typo-tolerant matching.
 */

/**
 * Words a teacher may use for the same thing, one group per line. A query word that is (after
 * folding and stemming) any member finds every member, so the groups work both ways: "mejl"
 * finds "e-post" and "e-post" finds "mejl". Members are matched as substrings, so keep them
 * distinctive single words (not "lag", which is in "inlägg"; not "graf", which is in
 * "geografi"), and add common misspellings too short for typo tolerance (FUZZY_MIN_LENGTH),
 * like "exel".
 */
export const SEARCH_SYNONYMS: readonly (readonly string[])[] = [
  ["e-post", "mejl", "mail", "e-mail", "epostadress", "mejladress"],
  ["word", "docx", "doc", "worddokument"],
  ["pdf", "utskrivbar", "utskrift"],
  ["excel", "exel", "xlsx", "xls", "kalkylark", "kalkylblad"],
  ["klasslista", "elevlista", "namnlista"],
  ["frånvaro", "närvaro"],
  ["vårdnadshavare", "förälder", "föräldrar", "målsman"],
  ["slumpa", "slumpvis", "lotta"],
  ["sammanfoga", "kombinera", "sammanslå"],
];

/** Words shorter than this must match as written (folded): "pd" or "word" never match by similarity. */
export const FUZZY_MIN_LENGTH = 5;

/**
 * Swedish inflection endings dropped by `searchStem`, longest first so "-orna" wins over "-na"
 * and "-a". A deliberately light stem, not a real stemmer: matching is by substring, so cutting
 * the ending off the query word lets "klasslista", "klasslistor" and "klasslistan" all find
 * "klasslist…" (and "grupper" finds "Gruppindelning"). Only words longer than 5 letters are
 * stemmed and at least 4 letters are kept, so short words ("epost", "pdf", "word") stay whole.
 */
const STEM_ENDINGS = ["orna", "arna", "erna", "or", "ar", "er", "na", "en", "et", "an", "a", "e"] as const;

export function searchStem(word: string): string {
  if (word.length <= 5) return word;
  const ending = STEM_ENDINGS.find((candidate) => word.endsWith(candidate) && word.length - candidate.length >= 4);
  return ending ? word.slice(0, -ending.length) : word;
}

/**
 * Lower case without diacritics or hyphens, as the database folds the searched text
 * (`unaccent`, `lower`, hyphens removed), so "Närvaro", "narvaro" and "e-post"/"epost" meet.
 */
export function searchFold(text: string): string {
  return text
    .toLocaleLowerCase("sv")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replaceAll("-", "");
}

/** Punctuation a word may carry from a sentence ("Word," "(pdf)"); % and _ are the user's own and stay. */
const EDGE_PUNCTUATION = /^[.,;:!?"'()]+|[.,;:!?"'()]+$/g;

export type CatalogSearchWord = {
  /** The folded, stemmed word, matched as a substring. */
  term: string;
  /** The folded, stemmed members of the word's synonym groups, matched as substrings. */
  synonyms: string[];
  /** The term again when it may also match by trigram similarity (letters only, long enough), else null. */
  fuzzy: string | null;
};

function stemmedGroups(): Map<string, string[]> {
  const byStem = new Map<string, string[]>();
  for (const group of SEARCH_SYNONYMS) {
    const stems = [...new Set(group.map((member) => searchStem(searchFold(member))))];
    for (const stem of stems) byStem.set(stem, [...new Set([...(byStem.get(stem) ?? []), ...stems])]);
  }
  return byStem;
}

const SYNONYMS_BY_STEM = stemmedGroups();

/**
 * Words of one query that are searched for. Each adds to the Katalog's query (a scan of the
 * trigram index and the folding of its candidates); a teacher types two or three, and past this
 * many a tool that has them all is found anyway.
 */
export const MAX_SEARCH_WORDS = 8;

/**
 * The words of a Katalog query (split on whitespace, duplicates dropped, the first
 * MAX_SEARCH_WORDS kept), each as a `CatalogSearchWord`. Every word must match a tool for the
 * tool to be found.
 */
export function catalogSearchWords(query: string): CatalogSearchWord[] {
  const terms = query
    .split(/\s+/)
    .map((word) => searchStem(searchFold(word.replace(EDGE_PUNCTUATION, ""))))
    .filter((term) => term !== "");
  return [...new Set(terms)].slice(0, MAX_SEARCH_WORDS).map((term) => ({
    term,
    synonyms: (SYNONYMS_BY_STEM.get(term) ?? []).filter((synonym) => synonym !== term),
    // Digits and symbols are never typos of something else: "zq123" must not find "zq124".
    fuzzy: term.length >= FUZZY_MIN_LENGTH && /^\p{L}+$/u.test(term) ? term : null,
  }));
}
