import { describe, expect, it } from "vitest";
import { UI_CAPS, type UiOutput } from "@/lib/ui-contract";
import { hasRemoteData, maxNesting, normalizeRunResult, translateWrapperMessage } from "@/server/execution/result-normalizer";
import type { StoredArtifact } from "@/server/execution/run-result";
import { rawResult, rawWithResult } from "../../support/execution/raw-result";

const artifact = (path: string): StoredArtifact => ({
  path,
  key: `runs/r/${path}`,
  bytes: 10,
  sha256: "0".repeat(64),
  contentType: "image/png",
});

function noticesOf(outputs: UiOutput[]): string[] {
  return outputs.flatMap((o) => (o.kind === "notice" && o.message.startsWith("Systemmeddelande:") ? [o.message] : []));
}

function expectViolation(result: ReturnType<typeof normalizeRunResult>, reason: RegExp) {
  expect(result.status).toBe("failed");
  expect(result.failureKind).toBe("platform");
  expect(result.errorSummary).toMatch(/runner contract violation/);
  expect(result.errorSummary).toMatch(reason);
}

describe("normalizeRunResult: statuses", () => {
  it("passes a succeeded result through", () => {
    const result = normalizeRunResult(
      rawWithResult({
        outputs: [{ kind: "markdown", markdown: "# Hej" }],
        state: { step: 1 },
        next_actions: [{ action_id: "a", label: "Nästa", kind: "form", fields: [] }],
      }),
    );
    expect(result).toMatchObject({
      status: "succeeded",
      errorSummary: null,
      outputs: [{ kind: "markdown", markdown: "# Hej" }],
      state: { step: 1 },
      failureKind: null,
      notices: [],
    });
    expect(result.nextActions).toEqual([{ action_id: "a", label: "Nästa", kind: "form", fields: [], prefill: {} }]);
  });

  it("passes a tool's own error message through unchanged", () => {
    const message = "Filen saknar kolumnen 'Namn'. Kontrollera rubrikraden.";
    const result = normalizeRunResult(rawWithResult({ status: "failed", error_summary: message }));
    expect(result).toMatchObject({ status: "failed", errorSummary: message, failureKind: "tool" });
  });

  it("keeps line, column and caret of a syntax error", () => {
    const summary = "SyntaxError: invalid syntax (line 3, column 9)\n    def f(:\n          ^";
    const result = normalizeRunResult(rawWithResult({ status: "failed", error_summary: summary }));
    expect(result.errorSummary).toBe(summary);
  });

  it("caps error_summary at 20,000 bytes", () => {
    const result = normalizeRunResult(rawWithResult({ status: "failed", error_summary: "ö".repeat(20_000) }));
    expect(Buffer.byteLength(result.errorSummary!)).toBe(20_000);
  });

  it("gives a failed run without a message a Swedish one", () => {
    expect(normalizeRunResult(rawWithResult({ status: "failed", error_summary: null })).errorSummary).toMatch(/misslyckades/);
  });

  it("host timeout → timed_out with the limit in plain Swedish", () => {
    const result = normalizeRunResult(rawResult({ outcome: "timed_out", timedOut: true, timeoutSeconds: 60 }));
    expect(result).toMatchObject({
      status: "timed_out",
      errorSummary: "Verktyget tog för lång tid (mer än 60 sekunder) och stoppades.",
      failureKind: "platform",
    });
  });

  it("the wrapper's timeout → timed_out in Swedish", () => {
    const result = normalizeRunResult(
      rawWithResult({ status: "timed_out", error_summary: "The tool did not finish within 5 seconds." }, { timeoutSeconds: 5 }),
    );
    expect(result.status).toBe("timed_out");
    expect(result.errorSummary).toBe("Verktyget tog för lång tid (mer än 5 sekunder) och stoppades.");
  });

  it("OOM → failed with an out-of-memory message", () => {
    const result = normalizeRunResult(rawWithResult({ status: "failed" }, { oomKilled: true }));
    expect(result.status).toBe("failed");
    expect(result.errorSummary).toMatch(/för mycket minne \(mer än 1 GB\)/);
    expect(result.failureKind).toBe("platform");
  });

  it("OOM of a sub-process that the tool survived → succeeded with a notice", () => {
    const result = normalizeRunResult(rawWithResult({ outputs: [{ kind: "markdown", markdown: "klart" }] }, { oomKilled: true }));
    expect(result.status).toBe("succeeded");
    expect(noticesOf(result.outputs)[0]).toMatch(/slut på minne/);
  });

  it("OOM with a missing or broken result → out-of-memory message, not a contract violation", () => {
    expect(normalizeRunResult(rawResult({ oomKilled: true, resultJsonText: null, exitCode: 137 })).errorSummary).toMatch(/minne/);
    expect(normalizeRunResult(rawResult({ oomKilled: true, outcome: "violation", violations: ["x"] })).errorSummary).toMatch(/minne/);
  });

  it("cancelled", () => {
    expect(normalizeRunResult(rawResult({ outcome: "cancelled" }))).toMatchObject({
      status: "cancelled",
      errorSummary: "Körningen avbröts.",
    });
  });

  it("turns the runner's notices into visible warnings", () => {
    const result = normalizeRunResult(rawWithResult({}, { notices: ["Systemmeddelande: \"output/x\" sparades inte: symbolisk länk."] }));
    expect(result.outputs).toEqual([
      { kind: "notice", level: "warning", message: "Systemmeddelande: \"output/x\" sparades inte: symbolisk länk." },
    ]);
  });
});

describe("normalizeRunResult: contract violations", () => {
  it("missing result.json", () => {
    expectViolation(normalizeRunResult(rawResult({ resultJsonText: null })), /result\.json saknas/);
    expectViolation(normalizeRunResult(rawResult({ resultJsonText: null, exitCode: 2 })), /kod 2/);
  });

  it("a container stopped from outside (the Docker daemon restarting) says so and asks for a new run", () => {
    for (const exitCode of [137, 143]) {
      const result = normalizeRunResult(rawResult({ resultJsonText: null, exitCode }));
      expect(result.status).toBe("failed");
      expect(result.errorSummary).toMatch(/stoppades utifrån.*Docker startades om.*kör verktyget igen/);
    }
  });

  it("violations seen in the stream", () => {
    expectViolation(normalizeRunResult(rawResult({ outcome: "violation", violations: ["result.json är inte giltig UTF-8."] })), /UTF-8/);
  });

  it("bad JSON", () => {
    expectViolation(normalizeRunResult(rawResult({ resultJsonText: "{not json" })), /inte giltig JSON/);
    expectViolation(normalizeRunResult(rawResult({ resultJsonText: "[1,2]" })), /inte ett JSON-objekt/);
  });

  it("too deeply nested JSON (refused before any recursive walk)", () => {
    const deep = `{"contract_version":2,"status":"succeeded","state":{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
    expectViolation(normalizeRunResult(rawResult({ resultJsonText: deep })), /nästlad/);
  });

  it("wrong contract_version", () => {
    expectViolation(normalizeRunResult(rawWithResult({ contract_version: 1 })), /contract_version 1/);
    expectViolation(normalizeRunResult(rawResult({ resultJsonText: '{"status":"succeeded"}' })), /contract_version/);
  });

  it("unknown output kind", () => {
    expectViolation(normalizeRunResult(rawWithResult({ outputs: [{ kind: "iframe", src: "x" }] })), /outputs\.0\.kind/);
  });

  it("bad status, bad field types, duplicate table keys", () => {
    expectViolation(normalizeRunResult(rawWithResult({ status: "done" })), /status/);
    expectViolation(normalizeRunResult(rawWithResult({ outputs: [{ kind: "markdown", markdown: 5 }] })), /outputs\.0\.markdown/);
    expectViolation(
      normalizeRunResult(
        rawWithResult({ outputs: [{ kind: "table", columns: [{ key: "a", label: "A" }, { key: "a", label: "B" }], rows: [] }] }),
      ),
      /duplicate column key/,
    );
    expectViolation(
      normalizeRunResult(rawWithResult({ next_actions: [{ action_id: "a", label: "A", kind: "form", fields: [{ name: "x", label: "X", kind: "file" }] }] })),
      /next_actions/,
    );
  });

  it("image paths must be stored artifacts under output/", () => {
    const ok = normalizeRunResult(
      rawWithResult({ outputs: [{ kind: "image", path: "/work/output/chart.png", alt: "Diagram" }] }, { artifacts: [artifact("output/chart.png")] }),
    );
    expect(ok.status).toBe("succeeded");
    expect(ok.outputs[0]).toEqual({ kind: "image", path: "output/chart.png", alt: "Diagram" });

    const artifacts = [artifact("output/chart.png"), artifact("output/data.csv")];
    for (const [path, reason] of [
      ["output/missing.png", /finns inte/],
      ["/etc/passwd", /ligger inte i output/],
      ["input/x.png", /ligger inte i output/],
      ["output/../input/x.png", /ligger inte i output/],
      ["output/data.csv", /png, jpeg/],
    ] as const) {
      expectViolation(normalizeRunResult(rawWithResult({ outputs: [{ kind: "image", path, alt: "" }] }, { artifacts })), reason);
    }
  });
});

describe("normalizeRunResult: text that Postgres cannot store", () => {
  it("replaces NUL and lone surrogates in values and keys, with a notice", () => {
    const text = '{"contract_version":2,"status":"succeeded","outputs":[{"kind":"markdown","markdown":"a\\u0000b\\udcffc"}],"state":{"k\\u0000":1}}';
    const result = normalizeRunResult(rawResult({ resultJsonText: text }));
    expect(result.status).toBe("succeeded");
    expect(result.outputs[0]).toEqual({ kind: "markdown", markdown: "a\uFFFDb\uFFFDc" });
    expect(result.state).toEqual({ "k\uFFFD": 1 });
    expect(noticesOf(result.outputs)[0]).toMatch(/ogiltiga tecken/);
    const failed = normalizeRunResult(rawResult({ resultJsonText: '{"contract_version":2,"status":"failed","error_summary":"x\\u0000"}' }));
    expect(failed.errorSummary).toBe("x\uFFFD");
  });
});

describe("normalizeRunResult: caps (each cut adds a visible warning)", () => {
  function single(output: Record<string, unknown>) {
    return normalizeRunResult(rawWithResult({ outputs: [output] }));
  }

  it("table rows", () => {
    const rows = Array.from({ length: 800 }, (_, i) => ({ n: i }));
    const result = single({ kind: "table", columns: [{ key: "n", label: "N" }], rows });
    const table = result.outputs[0] as Extract<UiOutput, { kind: "table" }>;
    expect(table.rows).toHaveLength(750);
    expect(noticesOf(result.outputs)).toEqual(["Systemmeddelande: tabellen kortades till 750 rader (av 800)."]);
    expect(result.outputs.at(-1)).toMatchObject({ kind: "notice", level: "warning" });
  });

  it("table columns and cell bytes", () => {
    const columns = Array.from({ length: 45 }, (_, i) => ({ key: `c${i}`, label: `C${i}` }));
    const result = single({ kind: "table", title: "Elever", columns, rows: [{ c0: "x".repeat(600), c44: 1 }] });
    const table = result.outputs[0] as Extract<UiOutput, { kind: "table" }>;
    expect(table.columns).toHaveLength(40);
    expect(table.rows[0]).toEqual({ c0: "x".repeat(512) });
    const notices = noticesOf(result.outputs);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(/tabellen "Elever" hade 45 kolumner/);
    expect(notices[1]).toMatch(/512 byte/);
  });

  it("notice, markdown and html bytes", () => {
    const cases = [
      [{ kind: "notice", level: "info", message: "n".repeat(9000) }, "message", UI_CAPS.NOTICE_MAX_BYTES],
      [{ kind: "markdown", markdown: "m".repeat(70_000) }, "markdown", UI_CAPS.MARKDOWN_MAX_BYTES],
      [{ kind: "html_sandboxed", html: "h".repeat(100_000) }, "html", UI_CAPS.HTML_MAX_BYTES],
    ] as const;
    for (const [output, field, cap] of cases) {
      const result = single(output);
      const first = result.outputs[0] as unknown as Record<string, string>;
      expect(Buffer.byteLength(first[field]!)).toBe(cap);
      expect(noticesOf(result.outputs)).toHaveLength(1);
    }
  });

  it("json depth, keys, array items and bytes", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 15; i += 1) deep = { d: deep };
    const depth = single({ kind: "json", value: deep });
    expect(JSON.stringify((depth.outputs[0] as { value: unknown }).value)).toContain('"…"');
    expect(noticesOf(depth.outputs)[0]).toMatch(/djupare än 10 nivåer/);

    const keys = single({ kind: "json", value: Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`k${i}`, i])) });
    expect(Object.keys((keys.outputs[0] as { value: object }).value)).toHaveLength(1000);
    expect(noticesOf(keys.outputs)[0]).toMatch(/1000 nycklar/);

    const items = single({ kind: "json", value: Array.from({ length: 2500 }, (_, i) => i) });
    expect((items.outputs[0] as { value: unknown[] }).value).toHaveLength(2000);
    expect(noticesOf(items.outputs)[0]).toMatch(/2000 element/);

    const big = single({ kind: "json", title: "Stor", value: Array.from({ length: 1500 }, () => "x".repeat(100)) });
    expect(big.outputs.filter((o) => o.kind === "json")).toHaveLength(0);
    expect(noticesOf(big.outputs)[0]).toMatch(/JSON-utdata "Stor" var större än 96 kB/);
  });

  it("vega_lite with remote data is refused, inline data kept", () => {
    const inline = { data: { values: [{ a: 1 }] }, mark: "bar" };
    expect(single({ kind: "vega_lite", spec: inline }).outputs).toEqual([{ kind: "vega_lite", spec: inline }]);
    for (const spec of [
      { data: { url: "https://evil.example/data.csv" }, mark: "bar" },
      { layer: [{ data: { url: "http://169.254.169.254/" } }] },
      { transform: [{ lookup: "id", from: { data: { url: "/api/runs" }, key: "id" } }] },
    ]) {
      const result = single({ kind: "vega_lite", spec });
      expect(result.outputs.filter((o) => o.kind === "vega_lite")).toHaveLength(0);
      expect(noticesOf(result.outputs)[0]).toMatch(/extern adress/);
    }
  });

  it("outputs count", () => {
    const outputs = Array.from({ length: 60 }, (_, i) => ({ kind: "markdown", markdown: `${i}` }));
    const result = normalizeRunResult(rawWithResult({ outputs }));
    expect(result.outputs.filter((o) => o.kind === "markdown")).toHaveLength(50);
    expect(noticesOf(result.outputs)[0]).toMatch(/60 utdata; bara de första 50/);
  });

  it("actions, fields per action, enum and multi_enum options", () => {
    const options = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `v${i}`, label: `V${i}` }));
    const fields = [
      { name: "e", label: "Enum", kind: "enum", options: options(150) },
      { name: "m", label: "Multi", kind: "multi_enum", options: options(250) },
      ...Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, label: `F${i}`, kind: "string" })),
    ];
    const actions = Array.from({ length: 12 }, (_, i) => ({ action_id: `a${i}`, label: `A${i}`, kind: "form", fields: i === 0 ? fields : [] }));
    const result = normalizeRunResult(rawWithResult({ next_actions: actions }));
    expect(result.nextActions).toHaveLength(10);
    const first = result.nextActions[0]!;
    expect(first.fields).toHaveLength(25);
    expect(first.fields[0]).toMatchObject({ kind: "enum" });
    expect((first.fields[0] as { options: unknown[] }).options).toHaveLength(100);
    expect((first.fields[1] as { options: unknown[] }).options).toHaveLength(200);
    const notices = noticesOf(result.outputs);
    expect(notices).toHaveLength(4);
    expect(notices.join("\n")).toMatch(/12 åtgärder/);
    expect(notices.join("\n")).toMatch(/32 fält/);
    expect(notices.join("\n")).toMatch(/150 val/);
    expect(notices.join("\n")).toMatch(/250 val/);
  });

  it("state over 64 KiB is not kept", () => {
    const result = normalizeRunResult(rawWithResult({ state: { big: "s".repeat(70_000) } }));
    expect(result.state).toBeNull();
    expect(noticesOf(result.outputs)[0]).toMatch(/tillstånd \(state\) var större än 64 kB/);
  });

  it("whole UI payload over 256 KiB drops outputs from the end", () => {
    const outputs = Array.from({ length: 5 }, (_, i) => ({ kind: "html_sandboxed", html: `${i}`.repeat(90_000) }));
    const result = normalizeRunResult(rawWithResult({ outputs }));
    expect(Buffer.byteLength(JSON.stringify({ outputs: result.outputs, next_actions: result.nextActions }))).toBeLessThanOrEqual(
      UI_CAPS.UI_PAYLOAD_MAX_BYTES,
    );
    expect(result.outputs.filter((o) => o.kind === "html_sandboxed")).toHaveLength(2);
    expect(noticesOf(result.outputs)[0]).toMatch(/de sista 3 utdata visas inte/);
  });
});

describe("helpers", () => {
  it("translates the wrapper's own texts, and nothing else", () => {
    expect(translateWrapperMessage("Entrypoint 'main' was not found in the script.")).toBe(
      'Skriptet saknar funktionen "main" som verktyget ska starta i.',
    );
    expect(translateWrapperMessage("The tool's result is too large.")).toBe("Verktygets resultat var för stort.");
    expect(translateWrapperMessage("The tool returned NoneType; expected str or dict.")).toMatch(/returnerade NoneType/);
    expect(translateWrapperMessage("Tool execution failed (exit code 3).")).toBe("Verktyget avslutades oväntat (slutkod 3).");
    // The contract's exception text and a tool's own messages stay as they are.
    expect(translateWrapperMessage("Tool execution failed (KeyError).")).toBe("Tool execution failed (KeyError).");
    expect(translateWrapperMessage("The tool's result is too large. Really.")).toBe("The tool's result is too large. Really.");
  });

  it("maxNesting ignores brackets inside strings", () => {
    expect(maxNesting('{"a":"[[[[{{{{","b":[[1]]}')).toBe(3);
    expect(maxNesting('{"a":"\\"[["}')).toBe(1);
  });

  it("hasRemoteData finds url anywhere", () => {
    expect(hasRemoteData({ a: [{ b: { url: "x" } }] })).toBe(true);
    expect(hasRemoteData({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", data: { values: [] } })).toBe(false);
  });
});
