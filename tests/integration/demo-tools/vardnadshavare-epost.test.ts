import { describe, expect, it } from "vitest";
import {
  cp1252,
  expectArtifactNames,
  expectSucceeded,
  expectToolError,
  fixtureFile,
  noticeText,
  outputsOf,
  tableTitled,
  textFile,
  toolHarnessPerFile,
} from "./support";

// An old-style Excel "CSV" export: Windows-1252, semicolons, other header spellings, the
// students' own addresses, several addresses in one cell, and a sibling of a 7B student.
const CLASS_8A = cp1252(
  [
    "Efternamn;Förnamn;Klass;VH1 E-post;VH2 Epost;Elevens e-post",
    "Ek;Dora;8A;LENA.EK@exempel.se;;dora.ek@elev.skolan.se",
    "Öst;Märta;8A;martas.mamma@exempel.se, martas.pappa@exempel.se;;marta.ost@elev.skolan.se",
    "Svensson;Kalle;8A;kalle.vh@exempel;;kalle@elev.skolan.se",
    "Berg;Tove;8A;-;;tove@elev.skolan.se",
  ].join("\r\n") + "\r\n",
);

const harness = toolHarnessPerFile();

describe("vardnadshavare-epost", () => {
  it("makes one de-duplicated, lower-case Bcc line from several class lists and reports the bad addresses", async () => {
    const result = await harness.run("vardnadshavare-epost", {
      inputFiles: [fixtureFile("klasslista-7b.xlsx"), textFile("8A.csv", CLASS_8A)],
      inputValues: { separator: ",", ta_med_elevadresser: false },
    });
    expectSucceeded(result);

    const markdown = outputsOf(result, "markdown")[0]!.markdown;
    const block = /```\n(.*)\n```/.exec(markdown);
    expect(block, markdown).not.toBeNull();
    const addresses = block![1]!.split(", ");
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const address of addresses) expect(address).toBe(address.toLowerCase());
    expect(addresses).toEqual(
      expect.arrayContaining(["peter.andersson@exempel.se", "lena.ek@exempel.se", "martas.mamma@exempel.se", "martas.pappa@exempel.se"]),
    );
    // Siblings share lena.ek@…: once only. No student addresses, no broken ones.
    expect(addresses.filter((address) => address === "lena.ek@exempel.se")).toHaveLength(1);
    expect(addresses.some((address) => address.includes("elev.skolan.se"))).toBe(false);
    expect(addresses.some((address) => address.includes("gmial") || address === "kalle.vh@exempel")).toBe(false);
    expect(addresses).toHaveLength(15);

    const txt = (await harness.artifact(result, "bcc-adresser.txt")).toString("utf8");
    expect(txt.trim()).toBe(addresses.join(", "));
    expectArtifactNames(result, ["bcc-adresser.txt"]);

    const invalid = tableTitled(result, "Felaktiga adresser");
    const problems = invalid.rows.map((row) => `${row.elev}: ${row.varde} → ${row.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        "Bo Ek: jonas.ek@gmial.com → troligen felstavad domän – menade du jonas.ek@gmail.com?",
        "Kalle Svensson: kalle.vh@exempel → domänen saknar punkt (t.ex. .se eller .com)",
      ]),
    );

    const perStudent = tableTitled(result, "Adresser per elev");
    expect(perStudent.columns.map((column) => column.key)).toEqual(["elev", "klass", "adresser", "antal"]);
    expect(perStudent.rows).toHaveLength(16);
    expect(perStudent.rows.find((row) => row.elev === "Märta Öst")).toMatchObject({ klass: "8A", antal: 2 });
    expect(perStudent.rows.find((row) => row.elev === "Tove Berg")).toMatchObject({ antal: 0 });

    const info = noticeText(result, "info");
    expect(info).toMatch(/15 unika adresser till vårdnadshavare för 16 elever från 2 filer/);
    expect(info).toContain("2 dubbletter togs bort");
    expect(info).toContain("Elevernas egna adresser togs inte med (Elevens e-post)");
    expect(noticeText(result, "warning")).toMatch(/Saknar giltig adress till vårdnadshavare: .*Örjan Lindström.*Tove Berg/);
  });

  it("explains which column headers it looks for when a file has no e-mail column", async () => {
    const result = await harness.run("vardnadshavare-epost", {
      inputFiles: [textFile("klass.csv", "Namn;Klass;Telefon\nAnna Berg;7B;070-111\n")],
    });
    expectToolError(result, "Hittar ingen kolumn med e-postadresser i klass.csv", "'e-post'", "'Vårdnadshavare 1 e-post'", "'Namn', 'Klass', 'Telefon'");
  });
});
