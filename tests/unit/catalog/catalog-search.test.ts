import { describe, expect, it } from "vitest";
import { catalogSearchWords, FUZZY_MIN_LENGTH, MAX_SEARCH_WORDS, SEARCH_SYNONYMS, searchFold, searchStem } from "@/lib/catalog-search";

describe("searchFold", () => {
  it("lower-cases and drops diacritics and hyphens, as the database folds the tools' texts", () => {
    expect(searchFold("Närvarolista")).toBe("narvarolista");
    expect(searchFold("VÅRDNADSHAVARE")).toBe("vardnadshavare");
    expect(searchFold("E-post Öppen")).toBe("epost oppen");
    expect(searchFold("Café Übung")).toBe("cafe ubung");
  });
});

describe("catalogSearchWords", () => {
  it("splits on whitespace, folds, stems and drops duplicates and edge punctuation", () => {
    expect(catalogSearchWords("  Klasslistor,  klasslistan (PDF) ").map((word) => word.term)).toEqual(["klasslist", "pdf"]);
    expect(catalogSearchWords("e-post epost E-POST").map((word) => word.term)).toEqual(["epost"]);
    expect(catalogSearchWords("   ")).toEqual([]);
  });

  it("keeps the first MAX_SEARCH_WORDS distinct words", () => {
    const words = Array.from({ length: MAX_SEARCH_WORDS + 3 }, (_, index) => `ord${index}`);
    expect(catalogSearchWords(`ord0 ${words.join(" ")}`).map((word) => word.term)).toEqual(words.slice(0, MAX_SEARCH_WORDS));
  });

  it("keeps the user's own % and _ in the term (the service escapes them for LIKE)", () => {
    expect(catalogSearchWords("100% 1_0").map((word) => word.term)).toEqual(["100%", "1_0"]);
  });

  it("widens a word with its synonym group, whichever member was typed", () => {
    const synonymsOf = (query: string) => catalogSearchWords(query)[0]!.synonyms;
    expect(synonymsOf("mejl")).toEqual(expect.arrayContaining(["epost", "email", "mail"]));
    expect(synonymsOf("e-post")).toEqual(expect.arrayContaining(["mejl", "email"]));
    expect(synonymsOf("Word")).toEqual(expect.arrayContaining(["docx"]));
    expect(synonymsOf("docx")).toEqual(expect.arrayContaining(["word"]));
    expect(synonymsOf("klasslistor")).toEqual(expect.arrayContaining(["elevlist"]));
    expect(synonymsOf("närvaro")).toEqual(["franvaro"]);
    expect(synonymsOf("mejl")).not.toContain("mejl");
    expect(synonymsOf("lektion")).toEqual([]);
  });

  it("has synonym groups whose members belong to one group each and are long enough to be distinctive", () => {
    const seen = new Map<string, number>();
    SEARCH_SYNONYMS.forEach((group, index) => {
      for (const member of group) {
        const stem = searchStem(searchFold(member));
        expect(stem.length, member).toBeGreaterThanOrEqual(3);
        expect(/\s/.test(member), member).toBe(false);
        expect(seen.get(stem) ?? index, `${member} is in two groups`).toBe(index);
        seen.set(stem, index);
      }
    });
  });

  it("marks only words of letters, at least FUZZY_MIN_LENGTH long, for typo tolerance", () => {
    const fuzzy = (query: string) => catalogSearchWords(query)[0]!.fuzzy;
    expect(fuzzy("gruppindelnig")).toBe("gruppindelnig");
    expect(fuzzy("Vårdnadshavarna")).toBe("vardnadshav");
    expect(fuzzy("a".repeat(FUZZY_MIN_LENGTH))).not.toBeNull();
    expect(fuzzy("a".repeat(FUZZY_MIN_LENGTH - 1))).toBeNull();
    expect(fuzzy("pd")).toBeNull();
    expect(fuzzy("zq17650001")).toBeNull();
    expect(fuzzy("100%")).toBeNull();
  });
});
