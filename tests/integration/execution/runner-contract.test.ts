/**
 * RUNNER-CONTRACT.md against the real runner image on real Docker, through the production
 * path (executeScript): what a tool sees and what it can hand back.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureRunnerImage } from "@/server/execution/runner-image";
import { RUN_MODES, createHarness, expectHostClean, inputFile, jsonOutput, type Harness } from "../../support/execution/harness";

// On a container created at the hand-over (cold) and on a warm-pool container started and
// preloaded before the run (warm): a tool must not be able to tell them apart.
describe.each(RUN_MODES)("runner contract (%s containers)", (mode) => {
  let h: Harness;

  beforeAll(async () => {
    await ensureRunnerImage();
    h = await createHarness(`contract-${mode}`, mode);
  }, 900_000);
  afterAll(async () => {
    await h?.cleanup();
  });

  it("a str return becomes one html_sandboxed output; stdout and stderr are captured", async () => {
    const result = await h.run(`
import sys
def run_tool(input_dir, output_dir):
    print("hej från stdout")
    print("till stderr", file=sys.stderr)
    return "<h1>Hej</h1>"
`);
    expect(result).toMatchObject({
      status: "succeeded",
      errorSummary: null,
      outputs: [{ kind: "html_sandboxed", html: "<h1>Hej</h1>" }],
      nextActions: [],
      stdout: "hej från stdout\n",
      stderr: "till stderr\n",
      stdoutTruncated: false,
      stderrTruncated: false,
      exitCode: 0,
      artifacts: [],
    });
    expect(result.uiPayload).toEqual({ contract_version: 2, outputs: result.outputs, next_actions: [] });
    expect(result.durationMs).toBeGreaterThan(0);
    expect(result.finishedAt.getTime()).toBeGreaterThanOrEqual(result.startedAt.getTime());
    await expectHostClean(h, result);
  });

  it("a dict return carries every output kind, next_actions and state", async () => {
    const result = await h.run(`
import os
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

def run_tool(input_dir, output_dir):
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.bar(["a", "b"], [1, 2])
    chart = os.path.join(output_dir, "chart.png")
    fig.savefig(chart)
    return {
        "outputs": [
            {"kind": "notice", "level": "info", "message": "Klart"},
            {"kind": "markdown", "markdown": "# Rubrik"},
            {"kind": "table", "title": "Elever", "columns": [{"key": "namn", "label": "Namn"}, {"key": "poang", "label": "Poäng"}],
             "rows": [{"namn": "Ada", "poang": 12}, {"namn": "Bo", "poang": None}]},
            {"kind": "json", "title": "Data", "value": {"a": [1, 2, {"b": True}]}},
            {"kind": "html_sandboxed", "html": "<p>x</p>"},
            {"kind": "image", "path": chart, "alt": "Stapeldiagram"},
            {"kind": "vega_lite", "spec": {"mark": "bar", "data": {"values": [{"x": "a", "y": 1}]}}},
        ],
        "next_actions": [{"action_id": "next", "label": "Nästa", "kind": "form",
                          "fields": [{"name": "n", "label": "Antal", "kind": "integer"},
                                     {"name": "k", "label": "Klass", "kind": "enum", "options": [{"value": "7a", "label": "7A"}]}],
                          "prefill": {"n": 3}}],
        "state": {"step": 1},
    }
`);
    expect(result.status).toBe("succeeded");
    expect(result.outputs).toEqual([
      { kind: "notice", level: "info", message: "Klart" },
      { kind: "markdown", markdown: "# Rubrik" },
      {
        kind: "table",
        title: "Elever",
        columns: [
          { key: "namn", label: "Namn" },
          { key: "poang", label: "Poäng" },
        ],
        rows: [
          { namn: "Ada", poang: 12 },
          { namn: "Bo", poang: null },
        ],
      },
      { kind: "json", title: "Data", value: { a: [1, 2, { b: true }] } },
      { kind: "html_sandboxed", html: "<p>x</p>" },
      { kind: "image", path: "output/chart.png", alt: "Stapeldiagram" },
      { kind: "vega_lite", spec: { mark: "bar", data: { values: [{ x: "a", y: 1 }] } } },
    ]);
    expect(result.nextActions).toEqual([
      {
        action_id: "next",
        label: "Nästa",
        kind: "form",
        fields: [
          { name: "n", label: "Antal", kind: "integer" },
          { name: "k", label: "Klass", kind: "enum", options: [{ value: "7a", label: "7A" }] },
        ],
        prefill: { n: 3 },
      },
    ]);
    expect(result.state).toEqual({ step: 1 });
    expect(result.artifacts).toEqual([expect.objectContaining({ path: "output/chart.png", contentType: "image/png" })]);
    const png = await buffer(await h.store.open(result.artifacts[0]!.key));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    await expectHostClean(h, result);
  });

  it("ToolUserError fails the run with the tool's message, unchanged", async () => {
    const result = await h.run(`
from tool_errors import ToolUserError
def run_tool(input_dir, output_dir):
    raise ToolUserError("Filen saknar kolumnen 'Namn'. Kontrollera rubrikraden.")
`);
    expect(result).toMatchObject({
      status: "failed",
      errorSummary: "Filen saknar kolumnen 'Namn'. Kontrollera rubrikraden.",
      failureKind: "tool",
    });
    expect(result.stderr).not.toContain("Traceback");
    await expectHostClean(h, result);
  });

  it("any other exception: 'Tool execution failed (Name).' and the traceback on stderr", async () => {
    const result = await h.run(`
def run_tool(input_dir, output_dir):
    return {"x": 1 / 0}
`);
    expect(result).toMatchObject({ status: "failed", errorSummary: "Tool execution failed (ZeroDivisionError)." });
    expect(result.stderr).toMatch(/Traceback[\s\S]*ZeroDivisionError: division by zero/);
    await expectHostClean(h, result);
  });

  it("a syntax error reports line, column and a caret", async () => {
    const result = await h.run(`def run_tool(input_dir, output_dir):
    x = 1
    if x = 2:
        return "a"
`);
    expect(result.status).toBe("failed");
    const lines = result.errorSummary!.split("\n");
    expect(lines[0]).toMatch(/^SyntaxError: .*\(line 3, column \d+\)$/);
    expect(lines[1]).toContain("if x = 2:");
    expect(lines[2]).toMatch(/^\s+\^+$/);
    // The caret points into the offending line.
    expect(lines[2]!.indexOf("^")).toBeGreaterThanOrEqual(lines[1]!.indexOf("if"));
  });

  it("a missing entrypoint is a clear failure; a named one is called", async () => {
    const script = `
def main(input_dir, output_dir):
    return "från main"
`;
    const missing = await h.run(script);
    expect(missing).toMatchObject({
      status: "failed",
      errorSummary: 'Skriptet saknar funktionen "run_tool" som verktyget ska starta i.',
    });
    const named = await h.run(script, { entrypoint: "main" });
    expect(named).toMatchObject({ status: "succeeded", outputs: [{ kind: "html_sandboxed", html: "från main" }] });
  });

  it("every environment variable and every helper function", async () => {
    const result = await h.run(
      `
import os
from skriptoteket_toolkit import read_inputs, read_settings, read_memory, list_input_files, get_action_parts

def run_tool(input_dir, output_dir):
    action_id, action_input, action_state = get_action_parts()
    home = os.environ["HOME"]
    with open(os.path.join(home, "probe"), "w") as f:
        f.write("x")
    return {"outputs": [{"kind": "json", "value": {
        "env": {k: v for k, v in os.environ.items() if k.startswith("SKRIPTOTEKET_")},
        "home": home,
        "cwd": os.getcwd(),
        "args": [input_dir, output_dir],
        "inputs": read_inputs(),
        "settings": read_settings(),
        "memory": read_memory(),
        "files": list_input_files(),
        "contents": {f["name"]: open(f["path"], encoding="utf-8").read() for f in list_input_files()},
        "listdir": sorted(os.listdir(input_dir)),
        "action": [action_id, action_input, action_state],
        "script_exists": os.path.isfile(os.environ["SKRIPTOTEKET_SCRIPT_PATH"]),
    }}]}
`,
      {
        inputFiles: [inputFile("elever.csv", "namn\nAda\n"), inputFile("Åk 9 – betyg.txt", "MVG")],
        inputValues: { group_size: 4, title: "Grupper" },
        settings: { theme: "mörk" },
        action: { action_id: "regroup", input: { size: 3 }, state: { round: 2 } },
      },
    );
    expect(result.status).toBe("succeeded");
    const value = jsonOutput(result);
    const env = value.env as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual([
      "SKRIPTOTEKET_ACTION",
      "SKRIPTOTEKET_ENTRYPOINT",
      "SKRIPTOTEKET_INPUTS",
      "SKRIPTOTEKET_INPUT_DIR",
      "SKRIPTOTEKET_INPUT_MANIFEST",
      "SKRIPTOTEKET_MEMORY_PATH",
      "SKRIPTOTEKET_OUTPUT_DIR",
      "SKRIPTOTEKET_RESULT_PATH",
      "SKRIPTOTEKET_SCRIPT_PATH",
    ]);
    expect(env).toMatchObject({
      SKRIPTOTEKET_ENTRYPOINT: "run_tool",
      SKRIPTOTEKET_SCRIPT_PATH: "/work/script.py",
      SKRIPTOTEKET_INPUT_DIR: "/work/input",
      SKRIPTOTEKET_OUTPUT_DIR: "/work/output",
      SKRIPTOTEKET_RESULT_PATH: "/work/result.json",
      SKRIPTOTEKET_MEMORY_PATH: "/work/memory.json",
    });
    const manifestFiles = [
      { name: "elever.csv", path: "/work/input/elever.csv", bytes: 9 },
      { name: "Åk 9 – betyg.txt", path: "/work/input/Åk 9 – betyg.txt", bytes: 3 },
    ];
    expect(JSON.parse(env.SKRIPTOTEKET_INPUT_MANIFEST!)).toEqual({ files: manifestFiles });
    expect(JSON.parse(env.SKRIPTOTEKET_INPUTS!)).toEqual({ group_size: 4, title: "Grupper" });
    expect(JSON.parse(env.SKRIPTOTEKET_ACTION!)).toEqual({ action_id: "regroup", input: { size: 3 }, state: { round: 2 } });
    expect(value).toMatchObject({
      home: "/tmp/home",
      cwd: "/work",
      args: ["/work/input", "/work/output"],
      inputs: { group_size: 4, title: "Grupper" },
      settings: { theme: "mörk" },
      memory: { settings: { theme: "mörk" } },
      files: manifestFiles,
      contents: { "elever.csv": "namn\nAda\n", "Åk 9 – betyg.txt": "MVG" },
      listdir: ["elever.csv", "Åk 9 – betyg.txt"],
      action: ["regroup", { size: 3 }, { round: 2 }],
      script_exists: true,
    });

    // Not an action run: no SKRIPTOTEKET_ACTION, get_action_parts() → (None, {}, {}); empty
    // inputs and settings read as {}.
    const plain = await h.run(`
import os
from skriptoteket_toolkit import get_action_parts, read_inputs, read_settings, list_input_files
def run_tool(input_dir, output_dir):
    return {"outputs": [{"kind": "json", "value": {"has_action": "SKRIPTOTEKET_ACTION" in os.environ,
        "parts": list(get_action_parts()), "inputs": read_inputs(), "settings": read_settings(), "files": list_input_files()}}]}
`);
    expect(jsonOutput(plain)).toEqual({ has_action: false, parts: [null, {}, {}], inputs: {}, settings: {}, files: [] });
  });

  it("a file in a sub-folder of output/ becomes an artifact with its size and sha256", async () => {
    const result = await h.run(`
import os
def run_tool(input_dir, output_dir):
    folder = os.path.join(output_dir, "rapporter", "2026")
    os.makedirs(folder)
    with open(os.path.join(folder, "klass 7B.txt"), "w", encoding="utf-8") as f:
        f.write("Åsa, Bo och Cem\\n")
    with open(os.path.join(output_dir, "top.csv"), "w") as f:
        f.write("a,b\\n")
    return "ok"
`);
    expect(result.status).toBe("succeeded");
    const content = Buffer.from("Åsa, Bo och Cem\n");
    const artifacts = [...result.artifacts].sort((a, b) => a.path.localeCompare(b.path));
    expect(artifacts).toEqual([
      {
        path: "output/rapporter/2026/klass 7B.txt",
        key: `runs/${result.runId}/output/rapporter/2026/klass 7B.txt`,
        bytes: content.length,
        sha256: createHash("sha256").update(content).digest("hex"),
        contentType: "text/plain; charset=utf-8",
      },
      expect.objectContaining({ path: "output/top.csv", bytes: 4, contentType: "text/csv; charset=utf-8" }),
    ]);
    expect(await buffer(await h.store.open(artifacts[0]!.key))).toEqual(content);
    await expectHostClean(h, result);
  });

  it("pdf_helper.save_as_pdf renders a PDF artifact", async () => {
    const result = await h.run(
      `
from pdf_helper import save_as_pdf
def run_tool(input_dir, output_dir):
    path = save_as_pdf("<h1>Rapport</h1><p>Åäö – betyg</p>", output_dir, "rapporter/rapport.pdf")
    return {"outputs": [{"kind": "markdown", "markdown": path}]}
`,
      { timeoutSeconds: 60 },
    );
    expect(result.status).toBe("succeeded");
    expect(result.outputs).toEqual([{ kind: "markdown", markdown: "/work/output/rapporter/rapport.pdf" }]);
    expect(result.artifacts).toEqual([
      expect.objectContaining({ path: "output/rapporter/rapport.pdf", contentType: "application/pdf" }),
    ]);
    const pdf = await buffer(await h.store.open(result.artifacts[0]!.key));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("pandas reads an XLSX input (made with openpyxl in a run before)", async () => {
    const made = await h.run(`
import os
from openpyxl import Workbook
def run_tool(input_dir, output_dir):
    wb = Workbook()
    ws = wb.active
    ws.append(["Namn", "Poäng"])
    ws.append(["Ada", 12])
    ws.append(["Åsa", 15])
    wb.save(os.path.join(output_dir, "elever.xlsx"))
    return "ok"
`);
    expect(made.status).toBe("succeeded");
    const xlsx = await buffer(await h.store.open(made.artifacts[0]!.key));
    expect(made.artifacts[0]!.contentType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    const result = await h.run(
      `
import pandas as pd
from skriptoteket_toolkit import list_input_files
def run_tool(input_dir, output_dir):
    df = pd.read_excel(list_input_files()[0]["path"])
    return {"outputs": [{"kind": "table", "columns": [{"key": c, "label": c} for c in df.columns],
                         "rows": df.to_dict(orient="records")}]}
`,
      { inputFiles: [inputFile("elever.xlsx", xlsx)], timeoutSeconds: 60 },
    );
    expect(result.status).toBe("succeeded");
    expect(result.outputs).toEqual([
      {
        kind: "table",
        title: null,
        columns: [
          { key: "Namn", label: "Namn" },
          { key: "Poäng", label: "Poäng" },
        ],
        rows: [
          { Namn: "Ada", Poäng: 12 },
          { Namn: "Åsa", Poäng: 15 },
        ],
      },
    ]);
  });

  it("caps are applied on the real path with a visible Swedish notice", async () => {
    const result = await h.run(`
def run_tool(input_dir, output_dir):
    return {"outputs": [{"kind": "table", "columns": [{"key": "n", "label": "N"}], "rows": [{"n": i} for i in range(800)]}]}
`);
    expect(result.status).toBe("succeeded");
    expect((result.outputs[0] as { rows: unknown[] }).rows).toHaveLength(750);
    expect(result.outputs[1]).toEqual({
      kind: "notice",
      level: "warning",
      message: "Systemmeddelande: tabellen kortades till 750 rader (av 800).",
    });
  });
});

describe("CLI: src/cli/run-script.ts", () => {
  const run = promisify(execFile);
  const cli = (args: string[]) =>
    // node with the tsx loader: no npx, nor tsx's launcher process, in front of the real script.
    run(process.execPath, ["--import", "tsx", "src/cli/run-script.ts", ...args], { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 });

  it("prints one JSON result and copies artifacts with --out", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cli-test-"));
    try {
      await fs.writeFile(
        path.join(dir, "tool.py"),
        `
import os
from skriptoteket_toolkit import read_inputs, read_settings
def run_tool(input_dir, output_dir):
    os.makedirs(os.path.join(output_dir, "sub"))
    with open(os.path.join(output_dir, "sub", "kopia.txt"), "w") as f:
        f.write(open(os.path.join(input_dir, "in.txt")).read())
    return {"outputs": [{"kind": "json", "value": {"inputs": read_inputs(), "settings": read_settings()}}]}
`,
      );
      await fs.writeFile(path.join(dir, "in.txt"), "indata");
      const { stdout } = await cli([
        path.join(dir, "tool.py"),
        "--input",
        path.join(dir, "in.txt"),
        "--inputs-json",
        '{"n": 2}',
        "--settings-json",
        '{"s": true}',
        "--sandbox",
        "--out",
        path.join(dir, "out"),
      ]);
      const printed = JSON.parse(stdout);
      expect(Object.keys(printed).sort()).toEqual(
        [
          "artifacts",
          "duration_ms",
          "error_summary",
          "next_actions",
          "outputs",
          "state",
          "status",
          "stderr",
          "stderr_truncated",
          "stdout",
          "stdout_truncated",
        ].sort(),
      );
      expect(printed.status).toBe("succeeded");
      expect(printed.outputs).toEqual([{ kind: "json", title: null, value: { inputs: { n: 2 }, settings: { s: true } } }]);
      expect(printed.artifacts).toEqual([{ path: "output/sub/kopia.txt", bytes: 6, sha256: expect.any(String) }]);
      expect(await fs.readFile(path.join(dir, "out", "sub", "kopia.txt"), "utf8")).toBe("indata");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("--warm runs through a waiting, preloaded pool container; the tool sees the same environment as cold", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cli-warm-"));
    try {
      await fs.writeFile(
        path.join(dir, "tool.py"),
        `
import os, sys
def run_tool(input_dir, output_dir):
    return {"outputs": [{"kind": "json", "value": {"env": dict(os.environ), "pandas_loaded": "pandas" in sys.modules}}]}
`,
      );
      const args = [path.join(dir, "tool.py"), "--inputs-json", '{"klass": "7B"}', "--action-json", '{"action_id": "a", "input": {}, "state": {"n": 1}}'];
      const cold = JSON.parse((await cli(args)).stdout);
      const warm = JSON.parse((await cli([...args, "--warm"])).stdout);
      expect(cold.status).toBe("succeeded");
      expect(warm).toMatchObject({ status: "succeeded", warm: true });
      // Preloaded before the hand-over (the cold wrapper imports nothing of the kind).
      expect(cold.outputs[0].value.pandas_loaded).toBe(false);
      expect(warm.outputs[0].value.pandas_loaded).toBe(true);
      expect(warm.outputs[0].value.env).toEqual(cold.outputs[0].value.env);
      expect(Object.keys(cold.outputs[0].value.env)).toContain("SKRIPTOTEKET_ACTION");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 with a clear message on a usage error", async () => {
    const error = await cli(["--inputs-json", "{bad"]).catch((e: unknown) => e as { code: number; stderr: string });
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toMatch(/missing FILE\.py|not valid JSON/);
  });
});
