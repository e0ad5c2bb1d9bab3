import { describe, expect, it } from "vitest";
import { cleanProgressMessage, LiveFrameParser, MAX_FRAME_LINE_BYTES, type LiveEvent } from "@/server/execution/live-frames";
import { applyLiveUpdate, EMPTY_LIVE } from "@/lib/live-output";

const frame = (value: unknown) => Buffer.concat([Buffer.from([0x1e]), Buffer.from(JSON.stringify(value)), Buffer.from("\n")]);

function parse(chunks: Buffer[], logMaxBytes?: number) {
  const events: LiveEvent[] = [];
  const diagnostics: Buffer[] = [];
  const parser = new LiveFrameParser((event) => events.push(event), (chunk) => diagnostics.push(chunk), logMaxBytes);
  for (const chunk of chunks) parser.push(chunk);
  return { events, diagnostics: Buffer.concat(diagnostics).toString(), rejected: parser.rejected };
}

describe("LiveFrameParser", () => {
  it("separates frames from the wrapper's diagnostics, however the stream is cut", () => {
    const stream = Buffer.concat([
      Buffer.from("skriptoteket-runner: ignored job entry 'x'\n"),
      frame({ type: "log", stream: "stdout", text: "hej då\n" }),
      frame({ type: "progress", message: "Läser 7B.csv", fraction: 0.5 }),
      Buffer.from("a traceback line\n"),
      frame({ type: "log", stream: "stderr", text: "varning" }),
    ]);
    const whole = parse([stream]);
    // One byte at a time: frames split anywhere, a multi-byte character too.
    const bytewise = parse([...stream].map((byte) => Buffer.from([byte])));
    for (const result of [whole, bytewise]) {
      expect(result.events).toEqual([
        { kind: "log", stream: "stdout", text: "hej då\n" },
        { kind: "progress", message: "Läser 7B.csv", fraction: 0.5 },
        { kind: "log", stream: "stderr", text: "varning" },
      ]);
      expect(result.diagnostics).toBe("skriptoteket-runner: ignored job entry 'x'\na traceback line\n");
      expect(result.rejected).toBe(0);
    }
  });

  it("refuses malformed, unknown and overlong frames and keeps going", () => {
    const { events, rejected } = parse([
      Buffer.from("\x1enot json\n"),
      frame({ type: "log", stream: "stdin", text: "x" }),
      frame({ type: "exec", command: "rm -rf /" }),
      frame({ type: "progress", message: "x", fraction: 7 }),
      frame({ type: "progress", message: "x", fraction: "hälften" }),
      frame({ type: "progress", message: " \n\t " }),
      Buffer.concat([Buffer.from([0x1e]), Buffer.alloc(MAX_FRAME_LINE_BYTES + 10, 0x61), Buffer.from("\n")]),
      frame({ type: "log", stream: "stdout", text: "ok" }),
    ]);
    expect(events).toEqual([{ kind: "log", stream: "stdout", text: "ok" }]);
    expect(rejected).toBe(7);
  });

  it("caps each stream at the stored logs' byte limit, UTF-8 safe, and flags it once", () => {
    const { events } = parse(
      [
        frame({ type: "log", stream: "stdout", text: "åäö" }), // 6 bytes
        frame({ type: "log", stream: "stdout", text: "öööö" }), // 8 more: only 2 whole characters fit in 10
        frame({ type: "log", stream: "stdout", text: "mer" }),
        frame({ type: "truncated", stream: "stdout" }),
        frame({ type: "log", stream: "stderr", text: "fel" }),
      ],
      10,
    );
    expect(events).toEqual([
      { kind: "log", stream: "stdout", text: "åäö" },
      { kind: "log", stream: "stdout", text: "öö" },
      { kind: "truncated", stream: "stdout" },
      { kind: "log", stream: "stderr", text: "fel" },
    ]);
  });

  it("makes a progress message one plain line of at most 200 characters", () => {
    expect(cleanProgressMessage("  Läser\nfil\u0007 2\u2028av 3  ")).toBe("Läser fil 2 av 3");
    const long = cleanProgressMessage("å".repeat(500));
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("applyLiveUpdate", () => {
  const update = (stdoutFrom: number, stdout: string) => ({ stdoutFrom, stdout, stderrFrom: 0, stderr: "", stdoutTruncated: false, stderrTruncated: false, progress: null });

  it("appends, replays a reconnect without repeating, and ignores a gap", () => {
    let live = applyLiveUpdate(EMPTY_LIVE, update(0, "a\n"));
    live = applyLiveUpdate(live, update(2, "b\n"));
    expect(live.stdout).toBe("a\nb\n");
    live = applyLiveUpdate(live, update(0, "a\nb\nc\n")); // a new subscription starts from 0
    expect(live.stdout).toBe("a\nb\nc\n");
    live = applyLiveUpdate(live, update(99, "lost"));
    expect(live.stdout).toBe("a\nb\nc\n");
  });

  it("keeps the latest progress report and the truncation flags", () => {
    let live = applyLiveUpdate(EMPTY_LIVE, { ...update(0, ""), stdoutTruncated: true, progress: { message: "Steg 1", fraction: 0.1 } });
    live = applyLiveUpdate(live, update(0, ""));
    expect(live).toMatchObject({ stdoutTruncated: true, progress: { message: "Steg 1", fraction: 0.1 } });
  });
});
