import { describe, expect, it } from "vitest";
import { hasRemoteData } from "@/server/execution/result-normalizer";
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
  unzip,
} from "./support";

const GRADES_CSV = `Elev,Ämne,Betyg,Frånvaro %
Anna Andersson,Matematik,C,"4,5"
Anna Andersson,Svenska,B,2
Anna Andersson,Engelska,A,0
Åsa Öberg,Matematik,F,22
Åsa Öberg,Svenska,E,18
Åsa Öberg,Engelska,D,
Bo Ek,Matematik,E,16
Bo Ek,Svenska,C,5 %
Bo Ek,Engelska,G,3
Örjan Lindström,Matematik,-,40
Örjan Lindström,Svenska,F,35
Örjan Lindström,Engelska,F,31
`;

const harness = toolHarnessPerFile();

describe("betyg-och-franvaro", () => {
  it("summarises grades and absence per subject with a chart, an image and a workbook", async () => {
    const result = await harness.run("betyg-och-franvaro", {
      inputFiles: [textFile("betyg 9A.csv", GRADES_CSV)],
      inputValues: { franvarograns: 20, rubrik: "Åk 9 ht" },
    });
    expectSucceeded(result);

    const perSubject = tableTitled(result, "Per ämne");
    expect(perSubject.rows.map((row) => row.amne)).toEqual(["Engelska", "Matematik", "Svenska"]);
    expect(perSubject.rows.find((row) => row.amne === "Matematik")).toMatchObject({
      elever: 4, A: 0, B: 0, C: 1, D: 0, E: 1, F: 1, andel_f: "33,3", snittpoang: "8,3", franvaro: "20,6", over_grans: 2,
    });
    expect(perSubject.rows.find((row) => row.amne === "Svenska")).toMatchObject({ B: 1, C: 1, E: 1, F: 1, snittpoang: "10,6" });

    const attention = tableTitled(result, /Elever att uppmärksamma/);
    expect(attention.rows.map((row) => row.elev)).toEqual(["Örjan Lindström", "Åsa Öberg"]);
    expect(attention.rows[0]).toMatchObject({ antal_f: 2, amnen_f: "Engelska, Svenska", over: "Engelska, Matematik, Svenska" });
    const high = tableTitled(result, "Hög frånvaro (mer än 20 %)");
    expect(high.rows.map((row) => `${row.elev} ${row.amne} ${row.franvaro}`)).toEqual([
      "Örjan Lindström Matematik 40,0",
      "Örjan Lindström Svenska 35,0",
      "Örjan Lindström Engelska 31,0",
      "Åsa Öberg Matematik 22,0",
    ]);

    const [chart] = outputsOf(result, "vega_lite");
    expect(chart).toBeDefined();
    expect(hasRemoteData(chart!.spec)).toBe(false);
    const values = (chart!.spec.data as { values: { amne: string; betyg: string; antal: number }[] }).values;
    expect(values).toContainEqual(expect.objectContaining({ amne: "Matematik", betyg: "F", antal: 1 }));

    // The chart is shown once (the vega_lite output); its PNG is a file to download, not a second image.
    expect(outputsOf(result, "image")).toEqual([]);
    expectArtifactNames(result, ["betyg-och-franvaro.xlsx", "betygsfordelning.png"]);
    expect(MAGIC.png(await harness.artifact(result, "betygsfordelning.png"))).toBe(true);
    const workbook = await harness.artifact(result, "betyg-och-franvaro.xlsx");
    expect(MAGIC.zip(workbook)).toBe(true);
    const sheets = [...unzip(workbook).get("xl/workbook.xml")!.toString("utf8").matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(sheets).toEqual(["Per ämne", "Att uppmärksamma", "Hög frånvaro", "Underlag"]);
    expect(officeText(workbook)).toContain("Örjan Lindström");

    expect(noticeText(result, "info")).toMatch(/4 elever, 3 ämnen och 10 betyg\. 3 F \(30,0 %\)\. 2 elever har mer än 20 % frånvaro/);
    expect(noticeText(result, "warning")).toMatch(/1 rad kunde inte läsas.*Bo Ek, Engelska: 'G' – betyget är inte A–F/);
  });

  it("reads an Excel export where absence is stored as a percentage format, with the default threshold", async () => {
    const result = await harness.run("betyg-och-franvaro", { inputFiles: [fixtureFile("betyg-9a.xlsx")] });
    expectSucceeded(result);
    expect(noticeText(result, "info")).toContain("räknades om till procent");
    expect(tableTitled(result, "Per ämne").rows.find((row) => row.amne === "Matematik")).toMatchObject({ franvaro: "20,6", over_grans: 3 });
    expect(tableTitled(result, "Hög frånvaro (mer än 15 %)").rows).toHaveLength(6);
  });

  it("says which columns it needs when the grade column is missing", async () => {
    const result = await harness.run("betyg-och-franvaro", {
      inputFiles: [textFile("frånvaro.csv", "Elev;Ämne;Frånvaro\nAnna;Matematik;3\n")],
    });
    expectToolError(result, "Hittar inte kolumnerna för ämne och betyg i frånvaro.csv", "Elev, Ämne, Betyg och Frånvaro (%)", "'Elev', 'Ämne', 'Frånvaro'");
  });
});
