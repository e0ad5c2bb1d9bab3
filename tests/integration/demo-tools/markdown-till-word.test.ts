import { describe, expect, it } from "vitest";
import {
  expectArtifactNames,
  expectSucceeded,
  expectToolError,
  MAGIC,
  noticeText,
  officeText,
  outputsOf,
  textFile,
  toolHarnessPerFile,
} from "./support";

const LETTER = `# Veckobrev vecka 12

Hej alla **vårdnadshavare**!

## Läxor

- Matematik: sidan 34–35
- Svenska: läs kapitel 3

| Dag | Aktivitet |
|---|---|
| Måndag | Idrott – ta med ombyte |
`;

const harness = toolHarnessPerFile();

describe("markdown-till-word", () => {
  it("turns an uploaded .md file into a Word document with a title and a table of contents", async () => {
    const result = await harness.run("markdown-till-word", {
      inputFiles: [textFile("veckobrev.md", LETTER)],
      inputValues: { titel: "Veckobrev 7B", innehallsforteckning: true, markdown: "används inte" },
    });
    expectSucceeded(result);
    expectArtifactNames(result, ["Veckobrev-7B.docx"]);
    const docx = await harness.artifact(result, "Veckobrev-7B.docx");
    expect(MAGIC.zip(docx)).toBe(true);
    const text = officeText(docx);
    for (const fragment of ["Veckobrev 7B", "Innehåll", "Veckobrev vecka 12", "Läxor", "Matematik: sidan 34–35", "Idrott – ta med ombyte"]) {
      expect(text).toContain(fragment);
    }
    expect(noticeText(result, "info")).toMatch(/Veckobrev-7B\.docx skapades av veckobrev\.md \(\d+ ord, 2 rubriker, med innehållsförteckning\)/);
    expect(noticeText(result, "warning")).toContain("texten i rutan användes inte");
    const preview = outputsOf(result, "markdown")[0]!.markdown;
    expect(preview.startsWith("# Veckobrev 7B\n\n# Veckobrev vecka 12")).toBe(true);
    expect(preview).toContain("## Läxor");
  });

  it("converts pasted text too, even when it starts with a --- line", async () => {
    const result = await harness.run("markdown-till-word", {
      inputValues: { markdown: "---\nInte: [metadata\n---\n\n# Planering\n\n1. Åk 7\n2. Åk 8\n" },
    });
    expectSucceeded(result);
    expectArtifactNames(result, ["dokument.docx"]);
    expect(officeText(await harness.artifact(result, "dokument.docx"))).toContain("Planering");
  });

  it("says what to do when there is no text, or the file is not a text file", async () => {
    expectToolError(await harness.run("markdown-till-word", { inputValues: { markdown: "   " } }), "Det finns ingen text att göra om", ".md-fil");
    const docx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]);
    expectToolError(
      await harness.run("markdown-till-word", { inputFiles: [textFile("brev.md", docx)] }),
      "Filen brev.md är inte en textfil",
      "Ladda upp en .md- eller .txt-fil",
    );
  });
});
