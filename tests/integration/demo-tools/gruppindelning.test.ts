import { describe, expect, it } from "vitest";
import {
  expectArtifactNames,
  expectSucceeded,
  expectToolError,
  fixtureFile,
  MAGIC,
  noticeText,
  officeText,
  outputsOf,
  textFile,
  type ToolResult,
  toolHarnessPerFile,
} from "./support";

const NAMES = [
  "Anna Andersson", "Bo Ek", "Åsa Öberg", "Örjan Lindström", "Ägnes Håkansson", "David Nyström",
  "Emma Björk", "Filip Sjöberg", "Greta Strömberg", "Hugo Åkesson", "Ida Wästberg",
];
// A school-system export: UTF-8 with BOM, semicolons, a title row before the header.
const CLASS_CSV = `\uFEFFKlasslista 7B\n\nElev;Klass;Mentor\n${NAMES.map((name) => `${name};7B;Karin Lärare`).join("\n")}\n`;
const KEEP_APART = "Anna Andersson + Bo Ek\nÅsa, Örjan\nOkänd Person + Anna";

const harness = toolHarnessPerFile();

function groups(result: ToolResult): string[][] {
  const table = outputsOf(result, "table")[0]!;
  expect(table.columns.map((column) => column.key)).toEqual(["grupp", "elever", "antal"]);
  return table.rows.map((row) => String(row.elever).split(", "));
}

function together(groupList: string[][], a: string, b: string): boolean {
  return groupList.some((group) => group.includes(a) && group.includes(b));
}

describe("gruppindelning", () => {
  const inputValues = { hall_isar: KEEP_APART, slumpfro: "7B-test", rubrik: "7B – Svenska" };
  let first: ToolResult;

  it("makes groups from a CSV class list with the user's settings, keeping pairs apart", async () => {
    first = await harness.run("gruppindelning", {
      inputFiles: [textFile("klasslista 7B.csv", CLASS_CSV)],
      inputValues,
      // No group size in the form: the settings' default size (3) and leftover rule apply.
      settings: { standard_gruppstorlek: 3, rester: "egen_grupp" },
    });
    expectSucceeded(first);
    const list = groups(first);
    expect(list.map((group) => group.length)).toEqual([3, 3, 3, 2]);
    expect(list.flat().sort()).toEqual([...NAMES].sort());
    expect(together(list, "Anna Andersson", "Bo Ek")).toBe(false);
    expect(together(list, "Åsa Öberg", "Örjan Lindström")).toBe(false);

    expect(noticeText(first, "info")).toMatch(/11 elever fördelade i 4 grupper \(grupper om 3; storlekar: 3, 3, 3, 2\)/);
    expect(noticeText(first, "info")).toContain("Slumpkod: 7B-test");
    expect(noticeText(first, "warning")).toMatch(/Kunde inte tolka.*'Okänd Person'/);
    expect(outputsOf(first, "table")[0]!.title).toBe("7B – Svenska");

    expectArtifactNames(first, ["gruppindelning.pdf", "gruppindelning.xlsx"]);
    expect(MAGIC.pdf(await harness.artifact(first, "gruppindelning.pdf"))).toBe(true);
    const xlsx = await harness.artifact(first, "gruppindelning.xlsx");
    expect(MAGIC.zip(xlsx)).toBe(true);
    const text = officeText(xlsx);
    for (const name of NAMES) expect(text).toContain(name);
    expect(text).toContain("Grupp 4");
  });

  it("follows the other leftover setting, and the same seed gives the same groups again", async () => {
    const spread = await harness.run("gruppindelning", {
      inputFiles: [textFile("klasslista 7B.csv", CLASS_CSV)],
      inputValues,
      settings: { standard_gruppstorlek: 3, rester: "fordela" },
    });
    expectSucceeded(spread);
    expect(groups(spread).map((group) => group.length)).toEqual([4, 4, 3]);

    const again = await harness.run("gruppindelning", {
      inputFiles: [textFile("klasslista 7B.csv", CLASS_CSV)],
      inputValues,
      settings: { standard_gruppstorlek: 3, rester: "egen_grupp" },
    });
    expectSucceeded(again);
    expect(groups(again)).toEqual(groups(first));
  });

  it("reads an Excel export with Förnamn/Efternamn columns and makes a chosen number of groups", async () => {
    const result = await harness.run("gruppindelning", {
      inputFiles: [fixtureFile("klasslista-7b.xlsx")],
      inputValues: { antal_grupper: 4, gruppstorlek: 5 },
    });
    expectSucceeded(result);
    const list = groups(result);
    expect(list.map((group) => group.length)).toEqual([3, 3, 3, 3]);
    expect(list.flat()).toEqual(expect.arrayContaining(["Anna Andersson", "Åsa Öberg", "Ägnes Håkansson", "Ida Wästberg"]));
    expect(noticeText(result, "info")).toMatch(/12 elever fördelade i 4 grupper \(4 grupper;/);
  });

  it("says clearly what is wrong with a list that has no name column, or no list at all", async () => {
    const noNames = await harness.run("gruppindelning", {
      inputFiles: [textFile("lista.csv", "Klass;Telefon\n7B;070-123\n7B;070-456\n")],
    });
    expectToolError(noNames, "Hittar ingen kolumn med elevernas namn i lista.csv", "Döp kolumnen till 'Namn' eller 'Elev'", "'Klass', 'Telefon'");

    const nothing = await harness.run("gruppindelning", { inputValues: { gruppstorlek: 3 } });
    expectToolError(nothing, "Ingen klasslista", "klistra in elevernas namn");
  });
});
