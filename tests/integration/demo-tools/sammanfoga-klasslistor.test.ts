import { describe, expect, it } from "vitest";
import {
  cp1252,
  expectArtifactNames,
  expectSucceeded,
  expectToolError,
  fixtureFile,
  MAGIC,
  noticeText,
  officeText,
  tableTitled,
  textFile,
  toolHarnessPerFile,
} from "./support";

const CLASS_7A = "Förnamn,Efternamn,Klass,Personnummer\nZacke,Ödmark,7A,20120101-1111\nBeda,Ström,7A,20120202-2222\nAnna,Andersson,7A,\n";
// Windows-1252, semicolons, "Efternamn, Förnamn" and a student who is also in 7A.
const CLASS_7C = cp1252("Elev;Klassnamn;Personnummer;Telefon\nÄrlig, Elsa;7C;201203033333;070-333\nStröm, Beda;7C;201202022222;070-222\n");

const harness = toolHarnessPerFile();

function csvRows(bytes: Buffer): string[][] {
  expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
  return bytes.subarray(3).toString("utf8").trim().split(/\r?\n/).map((line) => line.split(";"));
}

describe("sammanfoga-klasslistor", () => {
  it("merges lists in different formats, removes duplicates and sorts by class and surname", async () => {
    const result = await harness.run("sammanfoga-klasslistor", {
      inputFiles: [fixtureFile("klasslista-7b.xlsx"), textFile("7A.csv", CLASS_7A), textFile("7C.csv", CLASS_7C)],
      inputValues: { dubbletter: "ta_bort", sortering: "klass" },
    });
    expectSucceeded(result);
    expect(noticeText(result, "info")).toContain("15 elever från 3 filer (17 rader totalt). 2 dubbletter togs bort.");
    // Same personal id (Beda), or the same name where a personal id is missing (Anna).
    expect(tableTitled(result, /^Dubbletter/).rows).toEqual([
      { namn: "Anna Andersson", forst: "klasslista-7b.xlsx", aven: "7A.csv" },
      { namn: "Beda Ström", forst: "7A.csv", aven: "7C.csv" },
    ]);

    expectArtifactNames(result, ["sammanfogad-klasslista.csv", "sammanfogad-klasslista.xlsx"]);
    const rows = csvRows(await harness.artifact(result, "sammanfogad-klasslista.csv"));
    const header = rows[0]!;
    expect(header[0]).toBe("Namn");
    expect(header).toEqual(expect.arrayContaining(["Klass", "Personnummer", "Telefon", "Vårdnadshavare 1 e-post", "Källa"]));
    const column = (name: string) => header.indexOf(name);
    const body = rows.slice(1);
    expect(body).toHaveLength(15);
    // Class, then surname in Swedish order (Å, Ä, Ö last).
    expect(body.slice(0, 2).map((row) => row[0])).toEqual(["Beda Ström", "Zacke Ödmark"]);
    expect(body.slice(2, 14).map((row) => row[column("Klass")])).toEqual(Array(12).fill("7B"));
    expect(body[2]![0]).toBe("Anna Andersson");
    expect(body[2]![column("Källa")]).toBe("klasslista-7b.xlsx, 7A.csv");
    expect(body[13]![0]).toBe("Åsa Öberg");
    expect(body[14]).toEqual(expect.arrayContaining(["Elsa Ärlig", "7C", "201203033333", "070-333", "7C.csv"]));
    // The duplicate's missing telephone number was filled in from the second list.
    const beda = body.find((row) => row[0] === "Beda Ström")!;
    expect(beda[column("Telefon")]).toBe("070-222");
    expect(beda[column("Källa")]).toBe("7A.csv, 7C.csv");

    const workbook = await harness.artifact(result, "sammanfogad-klasslista.xlsx");
    expect(MAGIC.zip(workbook)).toBe(true);
    expect(officeText(workbook)).toContain("Elsa Ärlig");
  });

  it("keeps and marks duplicates when asked to", async () => {
    const result = await harness.run("sammanfoga-klasslistor", {
      inputFiles: [textFile("7A.csv", CLASS_7A), textFile("7C.csv", CLASS_7C)],
      inputValues: { dubbletter: "markera", sortering: "namn" },
    });
    expectSucceeded(result);
    const rows = csvRows(await harness.artifact(result, "sammanfogad-klasslista.csv"));
    expect(rows[0]!.at(-1)).toBe("Dubblett");
    expect(rows.slice(1).map((row) => `${row[0]}:${row.at(-1)}`)).toEqual([
      "Anna Andersson:", "Beda Ström:Ja", "Beda Ström:Ja", "Elsa Ärlig:", "Zacke Ödmark:",
    ]);
  });

  it("tells the teacher which file it is reading (progress), ending with the writing step", async () => {
    const reports: { message: string; fraction: number | null }[] = [];
    const result = await harness.run("sammanfoga-klasslistor", {
      inputFiles: [fixtureFile("klasslista-7b.xlsx"), textFile("7A.csv", CLASS_7A), textFile("7C.csv", CLASS_7C)],
      onLive: (event) => {
        if (event.kind === "progress") reports.push({ message: event.message, fraction: event.fraction });
      },
    });
    expectSucceeded(result);
    // Reports in quick succession are coalesced (the latest wins), so not every file need show.
    expect(reports.length).toBeGreaterThan(0);
    for (const report of reports) expect(report.message).toMatch(/^(Läser fil [1-3] av 3: (klasslista-7b\.xlsx|7A\.csv|7C\.csv)|Skriver den sammanfogade listan \(Excel och CSV\))$/);
    const fractions = reports.map((report) => report.fraction!);
    expect(fractions).toEqual([...fractions].sort((x, y) => x - y));
    expect(reports.at(-1)).toEqual({ message: "Skriver den sammanfogade listan (Excel och CSV)", fraction: 0.75 });
    expect(result.stdout).toBe("");
  });

  it("needs at least two lists, each with a name column", async () => {
    expectToolError(
      await harness.run("sammanfoga-klasslistor", { inputFiles: [textFile("7A.csv", CLASS_7A)] }),
      "Ladda upp minst två klasslistor",
    );
    expectToolError(
      await harness.run("sammanfoga-klasslistor", { inputFiles: [textFile("7A.csv", CLASS_7A), textFile("telefon.csv", "Klass;Telefon\n7B;070\n")] }),
      "Hittar ingen kolumn med elevernas namn i telefon.csv",
      "'Namn' eller 'Elev'",
    );
  });
});
