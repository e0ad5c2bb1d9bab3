import { describe, expect, it } from "vitest";
import { hasCaretLine, isCodeShaped, RunErrorSummary } from "@/components/run-result/error-summary";
import { LOG_TRUNCATED_TEXT, RunLogs } from "@/components/run-result/run-logs";
import { render } from "./markup";

describe("RunLogs", () => {
  it("shows stdout and stderr in two monospace panels, open when there is output", () => {
    const html = render(RunLogs, { stdout: "rad 1\nrad 2", stderr: "Varning: <tom>" });
    expect(html.match(/<details open=""/g)).toHaveLength(2);
    expect(html).toContain("Utskrift (stdout)");
    expect(html).toContain("Felutskrift (stderr)");
    expect(html).toMatch(/<pre[^>]*font-mono[^>]*>rad 1\nrad 2<\/pre>/);
    expect(html).toContain("Varning: &lt;tom&gt;");
    expect(html).not.toContain(LOG_TRUNCATED_TEXT);
  });

  it("says Ingen utskrift for empty streams and keeps those panels closed", () => {
    const html = render(RunLogs, { stdout: "", stderr: null });
    expect(html).not.toContain("<details open");
    expect(html.match(/Ingen utskrift/g)!.length).toBeGreaterThanOrEqual(2);
    expect(html).not.toContain("<pre");
  });

  it("flags a truncated stream", () => {
    expect(LOG_TRUNCATED_TEXT).toBe("Utskriften kortades (mer än 200\u00a0000 byte)");
    const html = render(RunLogs, { stdout: "x", stderr: "y", stdoutTruncated: true });
    expect(html.match(new RegExp(LOG_TRUNCATED_TEXT.replace(/[()]/g, "\\$&"), "g"))).toHaveLength(1);
    expect(html.indexOf(LOG_TRUNCATED_TEXT)).toBeLessThan(html.indexOf("Felutskrift"));
  });
});

const SYNTAX_ERROR = ['  File "/work/script.py", line 3', "    print(elev[)", "               ^", "SyntaxError: closing parenthesis ')' does not match"].join("\n");

describe("RunErrorSummary", () => {
  it.each([
    ["failed", "Verktyget stötte på ett problem", "alert"],
    ["timed_out", "Verktyget tog för lång tid", "alert"],
    ["cancelled", "Körningen avbröts", "status"],
  ])("%s: heading %j, role %s", (status, heading, role) => {
    const html = render(RunErrorSummary, { status, errorSummary: null });
    expect(html).toMatch(new RegExp(`^<div role="${role}"`));
    expect(html).toContain(`<h3 class="text-base font-semibold">${heading}</h3>`);
  });

  it("renders nothing for other statuses", () => {
    for (const status of ["succeeded", "queued", "running"]) expect(render(RunErrorSummary, { status, errorSummary: "x" })).toBe("");
  });

  it("keeps a plain message as written, wrapping lines", () => {
    const html = render(RunErrorSummary, { status: "failed", errorSummary: "Filen saknar kolumnen Namn.\nKontrollera rubrikraden." });
    expect(html).toContain("Filen saknar kolumnen Namn.\nKontrollera rubrikraden.");
    expect(html).toContain("whitespace-pre-wrap");
    expect(html).not.toContain("font-mono");
  });

  it("sets a syntax error in monospace without wrapping, so the caret stays under its column", () => {
    const html = render(RunErrorSummary, { status: "failed", errorSummary: SYNTAX_ERROR });
    expect(html).toContain("font-mono");
    expect(html).toMatch(/whitespace-pre[" ]/);
    expect(html).toContain("    print(elev[)\n               ^\n");
  });

  it("has a fallback sentence when there is no message", () => {
    expect(render(RunErrorSummary, { status: "timed_out", errorSummary: "  " })).toContain("tog längre tid än tillåtet");
  });

  it("recognises caret lines and tracebacks", () => {
    expect(hasCaretLine(SYNTAX_ERROR)).toBe(true);
    expect(hasCaretLine("x = 1 +\n      ~~^~~")).toBe(true);
    expect(hasCaretLine("Värdet ^ används")).toBe(false);
    expect(isCodeShaped('Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nKeyError: 1')).toBe(true);
    expect(isCodeShaped("Filen kunde inte läsas.")).toBe(false);
  });
});

describe("RunErrorSummary for a tool that crashed", () => {
  it("tells the contract's English crash text as a Swedish explanation, what to try and who maintains the tool", () => {
    const html = render(RunErrorSummary, { status: "failed", errorSummary: "Tool execution failed (KeyError).", maintainerNames: ["Anna Admin", "Bo Bidrag"] });
    expect(html).toContain("Verktyget kraschade");
    expect(html).toContain("kolumn");
    expect(html).toContain("Det här kan du prova");
    expect(html).toContain("Anna Admin och Bo Bidrag");
    expect(html).not.toContain("Tool execution failed");
  });

  it("names the maintainers under a tool's own message too", () => {
    const html = render(RunErrorSummary, { status: "failed", errorSummary: "Filen saknar kolumnen Namn.", maintainerNames: ["Anna Admin"] });
    expect(html).toContain("Verktyget underhålls av Anna Admin.");
  });
});
