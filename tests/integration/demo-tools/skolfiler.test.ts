/**
 * The runner image's class-list reader, `skolfiler` (runner-image/lib/skolfiler.py), through the
 * real runner: a probe script reads many small files (encodings, separators, BOM, title rows,
 * XLSX, files that are not class lists) with every reader and reports what it got; two more runs
 * use it the way a tool author would. The six class-list demo tools import it instead of
 * carrying a copy; catalog.test.ts checks that they do.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  cp1252,
  expectSucceeded,
  expectToolError,
  FIXTURES,
  fixtureFile,
  outputsOf,
  textFile,
  type ToolResult,
  toolHarnessPerFile,
} from "./support";

const PROBE = readFileSync(path.join(FIXTURES, "skolfiler-probe.py"), "utf8");

type Failure = { error: string; type: string };
interface FileReport {
  rows: string[][] | Failure;
  table: Record<string, string>[] | Failure;
  names: string[] | Failure;
  names_by_path: string[] | Failure;
}
interface ProbeReport {
  files: Record<string, FileReport>;
  load_class_list: [string[], string[], string[]] | Failure | null;
  load_class_list_capped: [string[], string[], string[]] | Failure | null;
  functions: Record<string, unknown>;
  openpyxl_after_import: boolean;
  all: string[];
}

const NAME_COLUMN_HELP = "Döp kolumnen till 'Namn' eller 'Elev' (eller använd två kolumner: 'Förnamn' och 'Efternamn').";

const FILES = [
  textFile("utf8.csv", "Namn;Klass\nÅsa Öberg;7B\nÄrlig, Elsa;7B\n"),
  textFile("bom.csv", "\uFEFFElev,Klass\r\nBo Ek,7B\r\n"),
  // What Excel's "CSV (semikolonavgränsad)" writes on a Swedish Windows: Windows-1252.
  textFile("cp1252.csv", cp1252("Förnamn;Efternamn;Klass\nÖrjan;Lindström;7B\nÄgnes;Håkansson;7B\n")),
  // Excel's "Unicode-text": UTF-16 LE with a BOM, tab-separated.
  textFile("utf16.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Namn\tKlass\r\nGreta Strömberg\t7B\r\n", "utf16le")])),
  textFile("titelrad.csv", "Elevlista 7B\n\nElev;Klass;Mentor\nAnna Berg;7B;Karin Lärare\nTotalt: 1;;\n"),
  textFile("citat.csv", 'Förnamn,Efternamn,Adress\nAli,Hassan,"Storgatan 1, Umeå"\n'),
  textFile("lista.txt", "1. Anna Berg\n2. Bo Ek\n- Cilla Ek\n"),
  textFile("omvand.txt", "Berg, Anna\nEk, Bo\n"),
  fixtureFile("klasslista-7b.xlsx"),
  textFile("telefon.csv", "Klass;Telefon\n7B;070-123\n"),
  textFile("tom.csv", ""),
  textFile("schema.pdf", "%PDF-1.4\n%âãÏÓ\n"),
  textFile("gammal.xls", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])),
  textFile("brev.docx", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26)])),
  textFile("trasig.xlsx", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from("inte en riktig zip")])),
  textFile("data.csv", Buffer.from([0x00, 0x01, 0x02, 0x41, 0x42])),
];

const CLASS_7B = [
  "Anna Andersson", "Åsa Öberg", "Bo Ek", "Cilla Ek", "Örjan Lindström", "Ägnes Håkansson",
  "David Nyström", "Emma Björk", "Filip Sjöberg", "Greta Strömberg", "Hugo Åkesson", "Ida Wästberg",
];

const harness = toolHarnessPerFile();
let probe: ProbeReport;
let probeResult: ToolResult;

function report(result: ToolResult): ProbeReport {
  expectSucceeded(result);
  const [json] = outputsOf(result, "json");
  return json!.value as unknown as ProbeReport;
}

beforeAll(async () => {
  probeResult = await harness.runScript(PROBE, { inputFiles: FILES });
  probe = report(probeResult);
});

function file(name: string): FileReport {
  const found = probe.files[name];
  if (!found) throw new Error(`the probe did not read ${name}; have: ${Object.keys(probe.files).join(", ")}`);
  return found;
}

/** Every reader of the file failed with the same ToolUserError, containing `fragment`. */
function expectRefused(name: string, fragment: string): void {
  const { rows, table, names, names_by_path: byPath } = file(name);
  expect(rows, name).toEqual({ error: expect.stringContaining(fragment), type: "ToolUserError" });
  for (const other of [table, names, byPath]) expect(other, name).toEqual(rows);
}

describe("skolfiler in the runner image", () => {
  it("is importable next to the contract's helpers, exports a small API and loads openpyxl only for .xlsx", () => {
    expect(probeResult.stderr).toBe("");
    expect(probe.openpyxl_after_import).toBe(false);
    expect(probe.all).toEqual([
      "FIRST_NAME_HEADERS", "FULL_NAME_HEADERS", "LAST_NAME_HEADERS", "MAX_NAMES", "clean_name", "decode_text", "dedupe_names",
      "find_column", "find_name_columns", "find_name_header", "is_name_header", "load_class_list", "names_from_rows",
      "names_from_text", "normalize_header", "read_class_list", "read_rows", "read_table", "sv_key",
    ]);
  });

  it("reads UTF-8, UTF-8 with a BOM, Windows-1252 and UTF-16 text", () => {
    expect(file("utf8.csv").names).toEqual(["Åsa Öberg", "Elsa Ärlig"]);
    expect(file("bom.csv").rows).toEqual([["Elev", "Klass"], ["Bo Ek", "7B"]]);
    expect(file("bom.csv").names).toEqual(["Bo Ek"]);
    expect(file("cp1252.csv").rows).toEqual([["Förnamn", "Efternamn", "Klass"], ["Örjan", "Lindström", "7B"], ["Ägnes", "Håkansson", "7B"]]);
    expect(file("cp1252.csv").names).toEqual(["Örjan Lindström", "Ägnes Håkansson"]);
    expect(file("utf16.txt").rows).toEqual([["Namn", "Klass"], ["Greta Strömberg", "7B"]]);
    expect(file("utf16.txt").names).toEqual(["Greta Strömberg"]);
    for (const report of Object.values(probe.files)) expect(report.names_by_path).toEqual(report.names);
  });

  it("finds the separator (; , or tab) from the header row, keeps quoted cells whole and skips title rows", () => {
    expect(file("utf8.csv").table).toEqual([
      { Namn: "Åsa Öberg", Klass: "7B" },
      { Namn: "Ärlig, Elsa", Klass: "7B" },
    ]);
    expect(file("citat.csv").rows).toEqual([["Förnamn", "Efternamn", "Adress"], ["Ali", "Hassan", "Storgatan 1, Umeå"]]);
    expect(file("citat.csv").names).toEqual(["Ali Hassan"]);
    expect(file("titelrad.csv").rows).toEqual([["Elevlista 7B"], ["Elev", "Klass", "Mentor"], ["Anna Berg", "7B", "Karin Lärare"], ["Totalt: 1"]]);
    expect(file("titelrad.csv").table).toEqual([
      { Elev: "Anna Berg", Klass: "7B", Mentor: "Karin Lärare" },
      { Elev: "Totalt: 1", Klass: "", Mentor: "" },
    ]);
    // The summary row is not a student.
    expect(file("titelrad.csv").names).toEqual(["Anna Berg"]);
  });

  it("reads plain lists: one name per line, numbered or bulleted, and 'Efternamn, Förnamn'", () => {
    expect(file("lista.txt").names).toEqual(["Anna Berg", "Bo Ek", "Cilla Ek"]);
    expect(file("omvand.txt").rows).toEqual([["Berg, Anna"], ["Ek, Bo"]]);
    expect(file("omvand.txt").names).toEqual(["Anna Berg", "Bo Ek"]);
  });

  it("reads an Excel export with a title row and Förnamn/Efternamn columns", () => {
    const xlsx = file("klasslista-7b.xlsx");
    expect(xlsx.names).toEqual(CLASS_7B);
    expect((xlsx.rows as string[][])[0]).toEqual(["Klasslista 7B – ht 2025"]);
    const table = xlsx.table as Record<string, string>[];
    expect(table).toHaveLength(12);
    expect(table[0]).toEqual({
      Förnamn: "Anna",
      Efternamn: "Andersson",
      Klass: "7B",
      "Vårdnadshavare 1 e-post": "maria.andersson@exempel.se",
      "Vårdnadshavare 2 e-post": "Peter.Andersson@Exempel.se",
    });
    // An empty cell at the end of a row is "" in the table.
    expect(table[1]!["Vårdnadshavare 2 e-post"]).toBe("");
  });

  it("says clearly, in Swedish, what is wrong with a file that is not a class list", () => {
    const phone = file("telefon.csv");
    expect(phone.rows).toEqual([["Klass", "Telefon"], ["7B", "070-123"]]);
    expect(phone.table).toEqual([{ Klass: "7B", Telefon: "070-123" }]);
    expect(phone.names).toEqual({
      error: `Hittar ingen kolumn med elevernas namn i telefon.csv. ${NAME_COLUMN_HELP} Första raden i filen innehåller: 'Klass', 'Telefon'.`,
      type: "ToolUserError",
    });
    expect(file("tom.csv").rows).toEqual([]);
    expect(file("tom.csv").table).toEqual([]);
    expect(file("tom.csv").names).toEqual({ error: "Filen tom.csv är tom. Kontrollera att du valt rätt fil.", type: "ToolUserError" });
    expectRefused("schema.pdf", "Filen schema.pdf är en PDF.");
    expectRefused("gammal.xls", "Filen gammal.xls är i det gamla Excel-formatet (.xls). Öppna den i Excel och välj Spara som");
    expectRefused("brev.docx", "Filen brev.docx är ett textdokument. Ladda upp klasslistan som Excel (.xlsx) eller CSV.");
    expectRefused("trasig.xlsx", "Excel-filen trasig.xlsx gick inte att öppna.");
    expectRefused("data.csv", "Filen data.csv verkar inte vara en textfil.");
  });

  it("has helpers for headers, names and Swedish sorting", () => {
    expect(probe.functions).toEqual({
      normalize_header: ["elevens namn", "förnamn", "frånvaro %", "e-post vh", ""],
      find_column: [2, 1, null, 1],
      find_name_columns: [["parts", 1, 2], ["full", 1], null, null],
      find_name_header: [2, ["full", 0]],
      clean_name: ["Anna Berg", "Bo Ek", "Cilla Ek", "Åsa Öberg"],
      names_from_text: ["Anna Berg", "Bo Ek"],
      names_from_one_line: ["Anna Berg", "Bo Ek", "Cilla Ek"],
      dedupe_names: [["Anna Berg", "Bo Ek"], ["anna berg", "Bo Ek"]],
      sorted: ["Anna", "édith", "Elsa", "Zacke", "Åsa", "Ägnes", "Örjan"],
    });
  });

  it("reads tables by other headers, and merges files and pasted names into one class list", async () => {
    const result = await harness.runScript(PROBE, {
      inputFiles: [fixtureFile("betyg-9a.xlsx"), textFile("8A.csv", "Förnamn;Efternamn;Klass\nZacke;Ödmark;8A\nIda;Wästberg;8A\n")],
      inputValues: { header: ["Ämne", "Betyg"], load: true, pasted: "Zacke Ödmark\nbo ek", max_names: 5 },
    });
    const merged = report(result);
    const grades = merged.files["betyg-9a.xlsx"]!.table as Record<string, string>[];
    expect(grades).toHaveLength(12);
    expect(grades[0]).toEqual({ Elev: "Anna Andersson", Ämne: "Matematik", Betyg: "C", "Frånvaro (%)": "0.045" });
    expect(merged.files["8A.csv"]!.table).toEqual([
      { Förnamn: "Zacke", Efternamn: "Ödmark", Klass: "8A" },
      { Förnamn: "Ida", Efternamn: "Wästberg", Klass: "8A" },
    ]);
    expect(merged.load_class_list).toEqual([
      ["Anna Andersson", "Åsa Öberg", "Bo Ek", "Örjan Lindström", "Zacke Ödmark", "Ida Wästberg"],
      [
        "Anna Andersson", "Anna Andersson", "Åsa Öberg", "Åsa Öberg", "Bo Ek", "Bo Ek",
        "Örjan Lindström", "Örjan Lindström", "Zacke Ödmark", "bo ek",
      ],
      ["betyg-9a.xlsx", "8A.csv", "inklistrad lista"],
    ]);
    expect(merged.load_class_list_capped).toEqual({
      error: "Listan har 6 namn; verktyget klarar högst 5. Dela upp listan per klass eller grupp.",
      type: "ToolUserError",
    });
  });

  it("serves a tool author's script, and fails its run with the Swedish message when the list has no name column", async () => {
    const script = `import os

from skolfiler import find_column, read_class_list, read_table, sv_key


def run_tool(input_dir, output_dir):
    path = os.path.join(input_dir, os.listdir(input_dir)[0])
    names = read_class_list(path)
    table = read_table(path)
    keys = list(table[0])
    klass = keys[find_column(keys, ["Klassnamn", "Klass"])]
    rows = [{"namn": name, "klass": row[klass]} for name, row in zip(names, table)]
    return {"outputs": [{"kind": "table", "title": f"{len(names)} elever",
                         "columns": [{"key": "namn", "label": "Namn"}, {"key": "klass", "label": "Klass"}],
                         "rows": sorted(rows, key=lambda r: sv_key(r["namn"]))}]}
`;
    const ok = await harness.runScript(script, { inputFiles: [fixtureFile("klasslista-7b.xlsx")] });
    expectSucceeded(ok);
    const [table] = outputsOf(ok, "table");
    expect(table!.title).toBe("12 elever");
    expect(table!.rows.map((row) => row.namn)).toEqual([
      "Anna Andersson", "Bo Ek", "Cilla Ek", "David Nyström", "Emma Björk", "Filip Sjöberg",
      "Greta Strömberg", "Hugo Åkesson", "Ida Wästberg", "Åsa Öberg", "Ägnes Håkansson", "Örjan Lindström",
    ]);
    expect(new Set(table!.rows.map((row) => row.klass))).toEqual(new Set(["7B"]));

    const refused = await harness.runScript(script, { inputFiles: [textFile("telefon.csv", "Klass;Telefon\n7B;070-123\n")] });
    expect(expectToolError(refused, "Hittar ingen kolumn med elevernas namn i telefon.csv.", NAME_COLUMN_HELP)).toBe(
      `Hittar ingen kolumn med elevernas namn i telefon.csv. ${NAME_COLUMN_HELP} Första raden i filen innehåller: 'Klass', 'Telefon'.`,
    );
    // A ToolUserError: no traceback for the user, none on stderr either.
    expect(refused.stderr).not.toMatch(/Traceback/);
  });
});
