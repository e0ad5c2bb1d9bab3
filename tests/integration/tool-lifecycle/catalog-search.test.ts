/**
 * The forgiving Katalog search (issue 10) against real Postgres (unaccent, pg_trgm): what a
 * teacher types — without å/ä/ö, with a typo, in other words than the tool's — finds the right
 * tool first, and tolerance never turns short words into junk. The word-by-word rules it keeps
 * (every word, light stem, hyphens, taxonomy, literal % and _) are in lifecycle.test.ts.
 */
import crypto from "node:crypto";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEARCH_SYNONYMS, searchFold } from "@/lib/catalog-search";
import { getDb } from "@/server/db/client";
import { tools } from "@/server/db/schema";
import { DEMO_TOOLS } from "@/server/demo-tools/catalog";
import { seedDemoTools } from "@/server/demo-tools/seed-demo-tools";
import { listCatalog } from "@/server/services/list-catalog";
import { createPublishedTool, createTestUser } from "../../support/db";

const DEMO_SLUGS = DEMO_TOOLS.map((tool) => tool.slug);
const SCRIPT = "def run_tool(input_dir, output_dir):\n    return 'ok'\n";

let owner: Awaited<ReturnType<typeof createTestUser>>;
let teacher: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  // The suite's database is shared: start from the demo bank as seeded, and leave none behind.
  await getDb().delete(tools).where(inArray(tools.slug, DEMO_SLUGS));
  [owner, teacher] = await Promise.all([createTestUser("admin"), createTestUser("user")]);
  await seedDemoTools(getDb(), owner.user.email);
});

afterAll(async () => {
  await getDb().delete(tools).where(inArray(tools.slug, DEMO_SLUGS));
});

const search = (query: string) => listCatalog({ actor: teacher.actor, input: { query } });
const slugsFor = async (query: string) => (await search(query)).tools.map((tool) => tool.slug);
/** The demo tools among the results, in the order found (other suites' tools share the database). */
const demoSlugsFor = async (query: string) => (await slugsFor(query)).filter((slug) => DEMO_SLUGS.includes(slug));

const SYNONYM_WORDS = SEARCH_SYNONYMS.flat().map(searchFold);

/**
 * A word in no other tool: consonants only (never a Swedish word), letters only (so typo-tolerant),
 * and drawn again if it happens to hold a synonym ("xls", "pdf"), which would make every tool
 * with it match that synonym's whole group.
 */
function uniqueWord(length = 10): string {
  const letters = "bcdfghjklmnpqrstvwxz";
  for (;;) {
    const word = Array.from(crypto.randomBytes(length), (byte) => letters[byte % letters.length]).join("");
    if (!SYNONYM_WORDS.some((synonym) => word.includes(synonym))) return word;
  }
}

/** The tools found for `query`, after checking each has it as written (folded): no match by similarity. */
async function literalMatchesOf(query: string) {
  const found = (await search(query)).tools;
  for (const tool of found) {
    const labels = [...tool.professions, ...tool.categories].join(" ");
    expect(searchFold(`${tool.title} ${tool.summary} ${labels}`), `${query}: ${tool.title}`).toContain(searchFold(query));
  }
  return found.map((tool) => tool.slug);
}

/** `word` with the letter at `index` replaced: one typo. */
function typo(word: string, index: number): string {
  return `${word.slice(0, index)}${word[index] === "b" ? "c" : "b"}${word.slice(index + 1)}`;
}

async function tool(title: string, summary = "Ett testverktyg.") {
  return (await createPublishedTool(owner.user.id, SCRIPT, { title, summary })).tool.slug;
}

describe("Katalogen: förlåtande sökning", () => {
  it("finds the demo tools a teacher looked for and did not find before", async () => {
    // Issue 10: each found nothing. Without å/ä/ö, in other words, with a typo.
    expect(await demoSlugsFor("narvaro")).toEqual(["narvarolista", "betyg-och-franvaro"]);
    expect(await demoSlugsFor("vardnadshavare")).toEqual(["vardnadshavare-epost"]);
    expect(await demoSlugsFor("mejl")).toEqual(["vardnadshavare-epost"]);
    expect(await demoSlugsFor("docx")).toEqual(["markdown-till-word"]);
    expect(await demoSlugsFor("gruppindelnig")).toEqual(["gruppindelning"]);
  });

  it("folds å, ä, ö and other accents on both sides, whatever the case", async () => {
    const word = uniqueWord();
    const accented = await tool(`Närvaro och frånvaro ${word}`);
    const plain = await tool(`Narvaro utan prickar ${word}`);
    for (const query of [`narvaro ${word}`, `NÄRVARO ${word}`, `närvaro ${word}`, `Närvâro ${word}`]) {
      expect((await slugsFor(query)).sort(), query).toEqual([accented, plain].sort());
    }
    expect(await slugsFor(`franvaro ${word}`)).toContain(accented);
    // Letters without a combining accent (ø, æ) are folded as the database folds them.
    const danish = await tool(`Øvelser i ærlighed ${word}`);
    for (const query of [`ovelser aerlighed ${word}`, `Øvelser Ærlighed ${word}`]) expect(await slugsFor(query), query).toEqual([danish]);
    expect(await demoSlugsFor("SKOLADMINISTRATOR sammanfoga")).toEqual(["sammanfoga-klasslistor"]);
  });

  it("tolerates a small typo in a longer word, in the title, the summary and the taxonomy", async () => {
    const word = uniqueWord(14);
    const inTitle = await tool(`Verktyg ${word}`);
    const other = uniqueWord();
    const inSummary = await tool(`Något ${other}`, `Räknar ${word} per klass.`);
    // A wrong letter near the end or (in a long word) in the middle, a letter missing or extra.
    for (const query of [typo(word, 12), typo(word, 7), `${word.slice(0, 9)}${word.slice(10)}`, `${word.slice(0, 4)}k${word.slice(4)}`]) {
      expect(await slugsFor(query), query).toEqual([inTitle, inSummary]);
    }
    // The category Administration, one letter short.
    expect(await slugsFor(`${other} adminstration`)).toEqual([inSummary]);
  });

  it("does not turn short words, digits or unrelated words into matches", async () => {
    const word = uniqueWord();
    const slug = await tool(`Verktyg ${word}`);
    // Short words must match as written: a typo of four letters or fewer finds nothing by
    // similarity. (Random titles of files run before stay in the database, so any few letters
    // may be somewhere: "nothing" is checked as "nothing without them".)
    await literalMatchesOf(typo(word.slice(0, 4), 3));
    expect(await literalMatchesOf(word.slice(0, 4))).toContain(slug);
    // Another word with the first half of this one and vowels after (never a continuation of it)
    // is not a typo of it.
    expect(await slugsFor(`${word.slice(0, 5)}aeiou`)).toEqual([]);
    // Two letters: every result has them, as written (folded), somewhere in its text.
    expect(await literalMatchesOf("pd")).not.toEqual([]);
    await literalMatchesOf("zx");
  });

  it("knows common synonyms, both ways", async () => {
    const word = uniqueWord();
    const mejl = await tool(`Skicka mejl ${word}`);
    const epost = await tool(`Samla e-post ${word}`);
    const email = await tool(`Email-lista ${word}`);
    for (const query of ["mejl", "e-post", "epost", "email", "mail"]) expect((await slugsFor(`${query} ${word}`)).sort(), query).toEqual([mejl, epost, email].sort());

    const docx = await tool(`Gör docx ${word}`);
    const wordTool = await tool(`Word-mall ${word}`);
    for (const query of ["docx", "Word"]) expect((await slugsFor(`${query} ${word}`)).sort(), query).toEqual([docx, wordTool].sort());

    const sheet = await tool(`Kalkylark ${word}`);
    const excel = await tool(`Excel-fil ${word}`);
    for (const query of ["xlsx", "excel", "exel", "kalkylark"]) expect((await slugsFor(`${query} ${word}`)).sort(), query).toEqual([sheet, excel].sort());

    expect(await demoSlugsFor("elevlista sammanfoga")).toEqual(["sammanfoga-klasslistor"]);
    expect(await demoSlugsFor("franvaro")).toEqual(["betyg-och-franvaro", "narvarolista"]);
    expect(await demoSlugsFor("excel")).toEqual(["gruppindelning", "narvarolista"]);
    expect(await demoSlugsFor("utskrift")).toEqual(["html-till-pdf", "gruppindelning", "narvarolista"]);
  });

  it("puts the best matches first: title before summary, as typed before a synonym, exact before a typo", async () => {
    const word = uniqueWord();
    // Titles in the reverse alphabetical order of their rank, so title order cannot pass for it.
    const titleExact = await tool(`Ö ${word}`);
    const summaryExact = await tool(`Ä ${uniqueWord()}`, `Om ${word}.`);
    const titleTypo = await tool(`Å ${typo(word, 8)}`);
    const summaryTypo = await tool(`A ${uniqueWord()}`, `Om ${typo(word, 8)}.`);
    expect(await slugsFor(word)).toEqual([titleExact, summaryExact, titleTypo, summaryTypo]);

    const other = uniqueWord();
    const asTyped = await tool(`B mejl ${other}`);
    const synonym = await tool(`A e-post ${other}`);
    const inSummary = await tool(`0 ${other}`, "Skickar mejl.");
    const synonymInSummary = await tool(`00 ${other}`, "Skickar e-post.");
    const search2 = await search(`mejl ${other}`);
    expect(search2.tools.map((t) => t.slug)).toEqual([asTyped, synonym, inSummary, synonymInSummary]);
    expect(search2.total).toBe(4);
  });
});
