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
  tableTitled,
  textFile,
  toolHarnessPerFile,
} from "./support";

const harness = toolHarnessPerFile();

describe("narvarolista", () => {
  it("makes a printable sheet and a workbook for every weekday from a start date", async () => {
    const result = await harness.run("narvarolista", {
      inputFiles: [fixtureFile("klasslista-7b.xlsx")],
      inputValues: { rubrik: "Närvaro 7B – Matematik", startdatum: "2025-09-01", upprepning: "vardagar", antal_tillfallen: 12 },
    });
    expectSucceeded(result);
    expect(noticeText(result, "info")).toContain("Närvarolista för 12 elever och 12 tillfällen (varje vardag, 2025-09-01 – 2025-09-16)");
    const table = tableTitled(result, "Närvaro 7B – Matematik");
    expect(table.rows).toHaveLength(12);
    expect(table.rows[1]).toEqual({ nr: 2, namn: "Åsa Öberg" });
    const markdown = outputsOf(result, "markdown")[0]!.markdown;
    expect(markdown).toContain("måndag 1/9, tisdag 2/9");
    expect(markdown).toContain("fredag 12/9, måndag 15/9, tisdag 16/9");

    expectArtifactNames(result, ["narvarolista.pdf", "narvarolista.xlsx"]);
    expect(MAGIC.pdf(await harness.artifact(result, "narvarolista.pdf"))).toBe(true);
    const text = officeText(await harness.artifact(result, "narvarolista.xlsx"));
    for (const fragment of ["Närvaro 7B – Matematik", "mån 1/9", "tis 16/9", "Antal F", "Örjan Lindström", 'COUNTIF(C5:N5,"F")']) {
      expect(text).toContain(fragment);
    }
    expect(text).not.toContain("lör");
  });

  it("can repeat once a week instead, from pasted names", async () => {
    const result = await harness.run("narvarolista", {
      inputValues: { namnlista: "Anna Berg\nÅke Öst\nLinnéa Ek", startdatum: "2025-09-02", upprepning: "veckovis", antal_tillfallen: 3 },
    });
    expectSucceeded(result);
    expect(noticeText(result, "info")).toContain("3 elever och 3 tillfällen (varje tisdag, 2025-09-02 – 2025-09-16)");
    expect(outputsOf(result, "markdown")[0]!.markdown).toContain("**Datum:** tisdag 2/9, tisdag 9/9, tisdag 16/9");
  });

  it("explains how to write the start date", async () => {
    const result = await harness.run("narvarolista", {
      inputFiles: [textFile("klass.txt", "Anna Berg\nBo Ek\n")],
      inputValues: { startdatum: "nästa måndag" },
    });
    expectToolError(result, "Startdatumet 'nästa måndag' gick inte att tolka", "ÅÅÅÅ-MM-DD, t.ex. 2025-09-01");
  });
});
