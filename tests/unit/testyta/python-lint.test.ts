import { describe, expect, it } from "vitest";
import { lintPython } from "@/lib/python-lint";

const OK = `from skriptoteket_toolkit import read_inputs


def run_tool(input_dir, output_dir):
    values = read_inputs()
    return {"outputs": [{"kind": "notice", "level": "info", "message": "Klart"}]}
`;

const lint = (code: string, entrypoint = "run_tool") => lintPython(code, { entrypoint });
const brief = (code: string, entrypoint?: string) => lint(code, entrypoint).map((d) => `${d.severity} ${d.line}:${d.column} ${d.message}`);

describe("lintPython", () => {
  it("finds nothing in a correct tool", () => {
    expect(lint(OK)).toEqual([]);
  });

  it("reports a missing colon with its line and column", () => {
    const [first, ...rest] = lint("def run_tool(input_dir, output_dir)\n    return 'x'\n");
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ severity: "error", line: 1, column: 36 });
    expect(first!.message).toBe("Syntaxfel på rad 1, kolumn 36: raden saknar kolon (:) på slutet.");
  });

  it("reports an unclosed bracket, a bad indent, = in a condition and an unterminated string", () => {
    expect(brief("def run_tool(a, b):\n    x = len(a,\n    return x\n")[0]).toMatch(/^error 3:.*parentes/);
    expect(brief("def run_tool(a, b):\n    x = 1\n      y = 2\n")[0]).toMatch(/^error 3:.*indraget/);
    expect(brief("def run_tool(a, b):\n    if a = 1:\n        pass\n")[0]).toMatch(/^error 2:.*==/);
    expect(brief("def run_tool(a, b):\n    x = 'abc\n    return x\n")).toEqual(["error 2:9 Syntaxfel på rad 2, kolumn 9: texten saknar sitt avslutande '."]);
    expect(brief('def run_tool(a, b):\n    x = "a\\"b"\n    return x\n')).toEqual([]);
  });

  it("reports a missing entrypoint, and accepts the configured one", () => {
    expect(brief("def main(input_dir, output_dir):\n    return ''\n")).toEqual([
      "error 1:1 Startfunktionen run_tool finns inte i skriptet. Skriptoteket anropar den: def run_tool(input_dir, output_dir):",
    ]);
    expect(lint("def main(input_dir, output_dir):\n    return ''\n", "main")).toEqual([]);
    // Bound some other way at the top level: imported or assigned.
    expect(lint("from helpers import run_tool\n")).toEqual([]);
    expect(lint("def _impl(a, b):\n    return ''\nrun_tool = _impl\n")).toEqual([]);
    // Nested in a class or function is not what the wrapper looks up.
    expect(brief("class X:\n    def run_tool(self, a, b):\n        pass\n")[0]).toMatch(/Startfunktionen run_tool finns inte/);
  });

  it("reports unknown output kinds and notice levels in literal dicts, from the UI contract", () => {
    const code = `def run_tool(a, b):
    return {"outputs": [
        {"kind": "tabel", "columns": [], "rows": []},
        {"kind": "notice", "level": "danger", "message": "x"},
        {"kind": "image", "path": "output/a.png"},
        {"kind": "vega_lite", "spec": {}},
    ], "next_actions": [{"action_id": "a", "label": "A", "kind": "form", "fields": [{"kind": "multi_enum", "name": "x", "label": "X", "options": []}]}]}
`;
    expect(brief(code)).toEqual([
      'error 3:18 Okänd kind "tabel". Resultat kan vara: notice, markdown, table, json, html_sandboxed, image, vega_lite.',
      'error 4:37 Okänd level "danger" för en notice. Använd info, warning, error.',
    ]);
    // Computed values are not guessed at.
    expect(lint('def run_tool(a, b):\n    k = "x"\n    return {"outputs": [{"kind": k, "level": f"{k}"}]}\n')).toEqual([]);
  });

  it("reports imports that need the network as errors", () => {
    const code = `import requests
import urllib.request
from urllib import request
from http import client
import socket, os
import httpx as h
from aiohttp import ClientSession
import urllib.parse
from http import HTTPStatus
def run_tool(a, b):
    pass
`;
    expect(brief(code)).toEqual([
      "error 1:1 requests: verktyg har ingen nätverksåtkomst. Ett verktyg kan bara läsa de uppladdade filerna och skriva filer i output_dir.",
      "error 2:1 urllib.request: verktyg har ingen nätverksåtkomst. Ett verktyg kan bara läsa de uppladdade filerna och skriva filer i output_dir.",
      "error 3:1 urllib.request: verktyg har ingen nätverksåtkomst. Ett verktyg kan bara läsa de uppladdade filerna och skriva filer i output_dir.",
      "error 4:1 http.client: verktyg har ingen nätverksåtkomst. Ett verktyg kan bara läsa de uppladdade filerna och skriva filer i output_dir.",
      "error 5:1 socket: verktyg har ingen nätverksåtkomst. Ett verktyg kan bara läsa de uppladdade filerna och skriva filer i output_dir.",
      "error 6:1 httpx: verktyg har ingen nätverksåtkomst. Ett verktyg kan bara läsa de uppladdade filerna och skriva filer i output_dir.",
      "error 7:1 aiohttp: verktyg har ingen nätverksåtkomst. Ett verktyg kan bara läsa de uppladdade filerna och skriva filer i output_dir.",
    ]);
  });

  it("warns about subprocess and os.system", () => {
    const code = "import os\nimport subprocess\nfrom subprocess import run\ndef run_tool(a, b):\n    os.system('ls')\n    os . popen('ls')\n";
    expect(lint(code).map((d) => `${d.severity} ${d.line}:${d.column} ${d.message.split(" ")[0]}`)).toEqual([
      "warning 2:1 subprocess",
      "warning 3:1 subprocess",
      "warning 5:5 os.system",
      "warning 6:5 os.popen",
    ]);
  });

  it("keeps to a few syntax errors and stays quiet on an empty script but for the entrypoint", () => {
    const broken = Array.from({ length: 10 }, (_, i) => `def f${i}()\n    pass\n`).join("");
    expect(lint(broken, "").filter((d) => d.message.startsWith("Syntaxfel"))).toHaveLength(3);
    expect(brief("", "run_tool")).toHaveLength(1);
    expect(lint("", "")).toEqual([]);
  });
});
