import { describe, expect, it } from "vitest";
import {
  expectArtifactNames,
  expectSucceeded,
  expectToolError,
  MAGIC,
  noticeText,
  textFile,
  toolHarnessPerFile,
} from "./support";

const PAGE = `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Inbjudan</title>
<style>@page { size: letter; } h1 { color: #036; }</style></head>
<body><h1>Välkommen på föräldramöte i 7B</h1>
<p>Tisdag 14 oktober kl. 18.00 i matsalen. Vi bjuder på fika!</p>
<img src="https://example.com/logo.png" alt="Skolans logga">
<script>document.write("syns inte")</script>
</body></html>`;

const harness = toolHarnessPerFile();

describe("html-till-pdf", () => {
  it("makes an A5 landscape PDF of an uploaded page and warns about what cannot come along", async () => {
    const result = await harness.run("html-till-pdf", {
      inputFiles: [textFile("inbjudan.html", PAGE)],
      inputValues: { sidstorlek: "A5", orientering: "liggande", filnamn: "Inbjudan föräldramöte" },
    });
    expectSucceeded(result);
    expectArtifactNames(result, ["Inbjudan-föräldramöte.pdf"]);
    expect(MAGIC.pdf(await harness.artifact(result, "Inbjudan-föräldramöte.pdf"))).toBe(true);
    expect(noticeText(result, "info")).toMatch(/Inbjudan-föräldramöte\.pdf \(1 sida, A5 liggande, 210 × 148 mm\) skapades av inbjudan\.html/);
    const warnings = noticeText(result, "warning");
    expect(warnings).toContain("JavaScript");
    expect(warnings).toContain("internet");
  });

  it("wraps a pasted HTML fragment in a page (A4 portrait by default), reporting progress while it renders", async () => {
    const reports: string[] = [];
    const result = await harness.run("html-till-pdf", {
      inputValues: { html: "<h2>Lappen hem</h2><p>Glöm inte gympakläder på fredag.</p>" },
      onLive: (event) => {
        if (event.kind === "progress") reports.push(`${event.message} ${event.fraction}`);
      },
    });
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => ["Gör PDF:en – sidorna ritas upp 0.2", "Räknar sidorna 0.9"].includes(report))).toBe(true);
    expect(reports.at(-1)).toBe("Räknar sidorna 0.9");
    expectSucceeded(result);
    expectArtifactNames(result, ["dokument.pdf"]);
    expect(MAGIC.pdf(await harness.artifact(result, "dokument.pdf"))).toBe(true);
    expect(noticeText(result, "info")).toContain("(1 sida, A4 stående, 210 × 297 mm)");
    expect(noticeText(result, "warning")).toBe("");
  });

  it("says what to do when there is no HTML, or the file is not HTML", async () => {
    expectToolError(await harness.run("html-till-pdf", { inputValues: { html: "" } }), "Det finns ingen HTML att göra om", ".html-fil");
    expectToolError(
      await harness.run("html-till-pdf", { inputFiles: [textFile("brev.docx", Buffer.from("PK\u0003\u0004xxxx", "latin1"))] }),
      "Filen brev.docx är ingen HTML-fil",
    );
  });
});
