/**
 * The wrapper's lean start-up (runner-image/README.md, "Start-up"): a trivial tool finds none
 * of the heavy standard modules loaded, and the wrapper's stand-ins behave exactly like the
 * standard library's json and compile(), checked in the real image against the real ones.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureRunnerImage } from "@/server/execution/runner-image";
import { createHarness, expectHostClean, jsonOutput, runImage, type Harness } from "../../support/execution/harness";

// Cold: a pool container that was asked to preload has pandas (and with it most of these)
// loaded on purpose; one that was not starts exactly like a cold one.
describe("what a trivial tool finds loaded", () => {
  let h: Harness;
  beforeAll(async () => {
    await ensureRunnerImage();
    h = await createHarness("startup", "cold");
  }, 900_000);
  afterAll(async () => {
    await h?.cleanup();
  });

  it("none of json, re, enum, tarfile or ctypes: a tool that needs none pays for none", async () => {
    const result = await h.run(`
import sys
def run_tool(input_dir, output_dir):
    heavy = ("json", "re", "enum", "tarfile", "ctypes", "shutil", "functools")
    return {"outputs": [{"kind": "json", "value": {"loaded": sorted(m for m in heavy if m in sys.modules)}}]}
`);
    expect(result.status).toBe("succeeded");
    expect(jsonOutput(result)).toEqual({ loaded: [] });
    await expectHostClean(h, result);
  });
});

/** Runs `code` with the image's python3, the wrapper's modules importable; returns its stdout. */
async function inImage(code: string): Promise<string> {
  const { stdout } = await runImage({ entrypoint: "python3", env: { PYTHONPATH: "/opt/skriptoteket" }, args: ["-B", "-c", code] });
  return stdout.toString("utf8");
}

describe("the wrapper's stand-ins against the standard library", () => {
  it("_runner_json gives json's bytes and json's kinds of error", async () => {
    const out = await inImage(String.raw`
import json, math
import _runner_json as fast
values = [None, True, False, 0, -1, 2**70, -2**64, 1.5, 1e300, -0.0, 5e-324, "", "Åsa ö 日本 \u2028 \x00 \" \\ \n",
          "\ud800", [], {}, [1, [2, [3, {}]]], {"a": 1, "b": [True, None], "c": {"d": "e"}},
          {1: "int key", 2.5: "float key", True: "bool key", None: "none key"},
          list(range(1000)), {"k%d" % i: i for i in range(500)}, ("tuple", 1)]
for v in values:
    for ascii_ in (True, False):
        assert fast.dumps(v, ensure_ascii=ascii_) == json.dumps(v, ensure_ascii=ascii_), (v, ascii_)
        assert fast.dumps(v, ensure_ascii=ascii_, separators=(",", ":")) == json.dumps(v, ensure_ascii=ascii_, separators=(",", ":")), v
for v in [math.nan, math.inf, -math.inf, [1, math.nan]]:
    assert fast.dumps(v) == json.dumps(v)
    for lib in (fast, json):
        try:
            lib.dumps(v, allow_nan=False)
            raise AssertionError("no error")
        except ValueError:
            pass
cycle = []
cycle.append(cycle)
for bad, error in [(cycle, ValueError), ({"x": object()}, TypeError), ({(1, 2): 1}, TypeError), (b"bytes", TypeError)]:
    for lib in (fast, json):
        try:
            lib.dumps(bad)
            raise AssertionError("no error")
        except error:
            pass
docs = [json.dumps(v) for v in values if v == v] + [" \n {\"a\" : [1 , 2]} \t", "NaN", "-Infinity", "[1e5, -0, 0.5]", '"\\ud83d\\ude00"']
for doc in docs:
    assert repr(fast.loads(doc)) == repr(json.loads(doc)), doc
    assert repr(fast.loads(doc.encode("utf-8"))) == repr(json.loads(doc.encode("utf-8"))), doc
for bad in ["", " ", "{", "[1,]", "{'a': 1}", "1 2", "[1] x", "tru", '"\x01"', "\ufeff[]", b"\xff"]:
    for lib in (fast, json):
        try:
            lib.loads(bad)
            raise AssertionError(repr(bad))
        except ValueError:
            pass
print("ok")
`);
    expect(out.trim()).toBe("ok");
  }, 60_000);

  it("the wrapper's compile gives compile()'s code and compile()'s errors", async () => {
    const out = await inImage(String.raw`
import _runner_ffi
import _runner_impl as wrapper
cases = [
    b'def run_tool(a, b):\n    return "<p>Hej</p>"\n',
    'x = "Åsa ö"\n'.encode(),
    '# -*- coding: latin-1 -*-\nx = "Åsa"\n'.encode("latin-1"),
    b'\xef\xbb\xbfx = "\xc3\xa5"\n',
    b'def f(:\n  pass\n', b'def f():\nreturn 1\n', b'x = "\xff"\n', b'x = "abc\n', b'x = 1\x00\n',
    b'if 1:\n\tx=1\n        y=2\n', b'return 5\n', b'from __future__ import annotations\ndef f(a: int) -> str: pass\n',
    b'x = ' + b'(' * 300 + b'1' + b')' * 300 + b'\n', b'assert False, "kept"\n', b'',
]
def outcome(fn, source):
    try:
        code = fn(source)
        namespace = {}
        try:
            exec(code, namespace)
        except BaseException as exc:
            return ("ran", code.co_filename, code.co_consts, type(exc).__name__, str(exc))
        return ("ran", code.co_filename, code.co_consts, sorted(k for k in namespace if k != "__builtins__"))
    except BaseException as exc:
        return ("error", type(exc).__name__, str(exc), getattr(exc, "filename", None), getattr(exc, "lineno", None),
                getattr(exc, "offset", None), getattr(exc, "text", None), getattr(exc, "end_offset", None))
for source in cases:
    expected = outcome(lambda s: compile(s, "/work/script.py", "exec", dont_inherit=True), source)
    assert outcome(lambda s: wrapper._compile(s, "/work/script.py"), source) == expected, source
print("ok")
`);
    expect(out.trim()).toBe("ok");
  }, 60_000);
});
