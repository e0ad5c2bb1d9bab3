/**
 * Live output through the real runner image on real Docker: what a script prints and reports
 * reaches the host while it runs (frames on the container's stderr, see
 * runner-image/_runner_live.py and src/server/execution/live-frames.ts), capped like the stored
 * logs, batched, and impossible for the script to forge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "@/server/execution/live-frames";
import { ensureRunnerImage } from "@/server/execution/runner-image";
import { createHarness, expectHostClean, expectNextRunWorks, jsonOutput, type Harness } from "../../support/execution/harness";

let h: Harness;

beforeAll(async () => {
  await ensureRunnerImage();
  h = await createHarness("live");
}, 900_000);
afterAll(async () => {
  await h?.cleanup();
});

/** Runs `script`, collecting live events, and tells which arrived before the run had ended. */
async function runLive(script: string, timeoutSeconds = 20) {
  const events: LiveEvent[] = [];
  let ended = false;
  let firstLineBeforeEnd: boolean | null = null;
  const result = await h
    .run(script, {
      timeoutSeconds,
      onLive: (event) => {
        if (firstLineBeforeEnd === null && event.kind === "log") firstLineBeforeEnd = !ended;
        events.push(event);
      },
    })
    .finally(() => {
      ended = true;
    });
  const text = (stream: "stdout" | "stderr") =>
    events
      .filter((e): e is Extract<LiveEvent, { kind: "log" }> => e.kind === "log" && e.stream === stream)
      .map((e) => e.text)
      .join("");
  const progress = events.filter((e): e is Extract<LiveEvent, { kind: "progress" }> => e.kind === "progress");
  return { result, events, text, progress, firstLineBeforeEnd };
}

describe("live logs", () => {
  it("a printed line reaches the host while the script is still running; the live text is the stored text", async () => {
    let seen: (() => void) | null = null;
    const lineSeen = new Promise<void>((resolve) => (seen = resolve));
    let ended = false;
    let seenWhileRunning = false;
    const running = h.run(
      `
import sys, time
def run_tool(input_dir, output_dir):
    print("första raden")
    print("till stderr", file=sys.stderr)
    time.sleep(4)
    print("sista raden")
    return "klar"
`,
      {
        onLive: (event) => {
          if (event.kind === "log" && event.text.includes("första raden")) seen?.();
        },
      },
    );
    void running.finally(() => (ended = true));
    await Promise.race([lineSeen.then(() => (seenWhileRunning = !ended)), running]);
    const result = await running;
    expect(seenWhileRunning).toBe(true);
    expect(result.status).toBe("succeeded");
    expect(result.stdout).toBe("första raden\nsista raden\n");
  });

  it("collects the same text the run stores, stream by stream", async () => {
    const { result, text, firstLineBeforeEnd } = await runLive(`
import sys
def run_tool(input_dir, output_dir):
    for i in range(300):
        print(f"rad {i} – åäö")
        print(f"fel {i}", file=sys.stderr)
    return "klar"
`);
    expect(result.status).toBe("succeeded");
    expect(firstLineBeforeEnd).toBe(true);
    expect(text("stdout")).toBe(result.stdout);
    expect(text("stderr")).toBe(result.stderr);
  });

  it("an endless printer: live text capped at 200,000 bytes per stream and flagged, in a bounded number of pushes", async () => {
    const { result, events, text } = await runLive(
      `
import sys
def run_tool(input_dir, output_dir):
    line = "x" * 1000 + "\\n"
    while True:
        sys.stdout.write(line)
        sys.stderr.write("å" * 999 + "\\n")
`,
      3,
    );
    expect(result.status).toBe("timed_out");
    expect(result).toMatchObject({ stdoutTruncated: true, stderrTruncated: true });
    for (const stream of ["stdout", "stderr"] as const) {
      expect(Buffer.byteLength(text(stream))).toBeLessThanOrEqual(200_000);
      expect(text(stream)).toBe(result[stream]); // the same prefix as stored, cut on a character boundary
      expect(events.filter((e) => e.kind === "truncated" && e.stream === stream)).toHaveLength(1);
    }
    // ≤ 8 KiB per frame: what a million print calls become is a few dozen frames, not a million.
    expect(events.length).toBeLessThan(120);
    await expectHostClean(h, result);
    await expectNextRunWorks(h);
  });
});

describe("progress", () => {
  it("reports arrive validated: one line, ≤ 200 characters, fraction clamped; a bad fraction is the tool's error", async () => {
    const { result, progress } = await runLive(`
import time
from skriptoteket_toolkit import progress
def run_tool(input_dir, output_dir):
    progress("Läser\\nfil 1 av 2", 0.25)
    time.sleep(0.4)
    progress("å" * 1000, 1.5)
    time.sleep(0.4)
    errors = []
    for bad in ("hälften", float("nan"), True):
        try:
            progress("x", bad)
        except (TypeError, ValueError) as exc:
            errors.append(type(exc).__name__)
    return {"outputs": [{"kind": "json", "value": {"errors": errors}}]}
`);
    expect(result.status).toBe("succeeded");
    expect(jsonOutput(result)).toEqual({ errors: ["TypeError", "ValueError", "TypeError"] });
    expect(progress[0]).toEqual({ kind: "progress", message: "Läser fil 1 av 2", fraction: 0.25 });
    expect(progress[1]).toMatchObject({ kind: "progress", fraction: 1 });
    expect(Array.from(progress[1]!.message)).toHaveLength(200);
    expect(progress).toHaveLength(2);
  });

  it("a tight loop of reports is coalesced to a few per second, the latest kept; the tool is not slowed into a timeout", async () => {
    const { result, progress } = await runLive(`
import time
from skriptoteket_toolkit import progress
def run_tool(input_dir, output_dir):
    start = time.monotonic()
    n = 0
    while time.monotonic() - start < 1.5:
        n += 1
        progress(f"rad {n}", None)
    progress("klart", 1.0)
    return {"outputs": [{"kind": "json", "value": {"calls": n}}]}
`);
    expect(result.status).toBe("succeeded");
    expect(jsonOutput(result).calls as number).toBeGreaterThan(1000);
    // Four flushes a second over ~1.5 s, plus the first and the last: never one per call.
    expect(progress.length).toBeLessThanOrEqual(12);
    expect(progress.at(-1)).toEqual({ kind: "progress", message: "klart", fraction: 1 });
    expect(result.stdout).toBe(""); // reports never land in the logs
  });

  it("a script cannot forge frames: not on its stdout/stderr, not through the wrapper's fds, not with junk on the progress pipe", async () => {
    const { result, progress, text } = await runLive(`
import json, os, sys
import _runner_live
def run_tool(input_dir, output_dir):
    forged = "\\x1e" + json.dumps({"type": "progress", "message": "FORFALSKAD", "fraction": 0.9}) + "\\n"
    sys.stdout.write(forged)
    sys.stderr.write(forged)
    os.write(1, forged.encode())
    os.write(2, forged.encode())
    tried = []
    for path in ("/proc/1/fd/2", "/proc/1/fd/1"):
        try:
            with open(path, "w") as f:
                f.write(forged)
            tried.append(path + " opened")
        except OSError as exc:
            tried.append(type(exc).__name__)
    fd = _runner_live.PROGRESS_FD
    for junk in (b"not json\\n", b"x" * 100000 + b"\\n", b'{"message": 5}\\n', b'{"fraction": 0.5}\\n', b'{"message": "ok", "fraction": "x"}\\n', forged.encode()):
        try:
            os.write(fd, junk)
        except OSError:
            pass
    return {"outputs": [{"kind": "json", "value": {"tried": tried}}]}
`);
    expect(result.status).toBe("succeeded");
    expect(jsonOutput(result).tried).toEqual(["PermissionError", "PermissionError"]);
    expect(progress.filter((p) => p.message === "FORFALSKAD")).toEqual([]);
    // What the progress pipe carried last was not a valid report: nothing shown.
    expect(progress).toEqual([]);
    // The forged frames are just text the tool printed.
    expect(text("stdout")).toContain("FORFALSKAD");
    expect(text("stderr")).toContain("FORFALSKAD");
    await expectNextRunWorks(h);
  });

  it("a tool that never reports sends no progress, and works as before", async () => {
    const { result, progress } = await runLive(`
def run_tool(input_dir, output_dir):
    return "<p>ok</p>"
`);
    expect(result.status).toBe("succeeded");
    expect(progress).toEqual([]);
  });
});
