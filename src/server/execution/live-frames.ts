/**
 * The container's stderr while a run goes on: the wrapper's diagnostics (plain text lines)
 * and live frames (runner-image/_runner_live.py): one line each, 0x1E + JSON + "\n".
 * Pure, no I/O.
 *
 * Only the wrapper (PID 1, non-dumpable) can write here, not the tool, but the host trusts
 * none of it anyway: a line is at most 64 KiB (longer is dropped unread), every frame is
 * validated, the text of each stream is capped at the stored logs' 200,000 bytes (UTF-8
 * safe, flagged), and a progress message at 200 characters. Memory stays at one line.
 */
import { z } from "zod";
import { UI_CAPS } from "@/lib/ui-contract";
import { truncateUtf8String, utf8ByteLength } from "./utf8";

export const FRAME_MARK = 0x1e;
export const MAX_FRAME_LINE_BYTES = 64 * 1024;
export const PROGRESS_MESSAGE_MAX_CHARS = 200;

export type LogStream = "stdout" | "stderr";

export type LiveEvent =
  | { kind: "log"; stream: LogStream; text: string }
  | { kind: "truncated"; stream: LogStream }
  | { kind: "progress"; message: string; fraction: number | null };

const frameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("log"), stream: z.enum(["stdout", "stderr"]), text: z.string() }),
  z.object({ type: z.literal("truncated"), stream: z.enum(["stdout", "stderr"]) }),
  z.object({ type: z.literal("progress"), message: z.string(), fraction: z.number().min(0).max(1).nullable().optional() }),
]);

// C0/C1 controls and the line/paragraph separators: a progress message is one plain line.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** The progress message as the tool page shows it: one line, at most 200 characters. */
export function cleanProgressMessage(message: string): string {
  const flat = message.replace(CONTROL, " ").replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length <= PROGRESS_MESSAGE_MAX_CHARS ? flat : `${chars.slice(0, PROGRESS_MESSAGE_MAX_CHARS - 1).join("")}…`;
}

export class LiveFrameParser {
  private line: Buffer[] = [];
  private lineBytes = 0;
  private atLineStart = true;
  private inFrame = false;
  private overflow = false;
  private readonly sent: Record<LogStream, number> = { stdout: 0, stderr: 0 };
  private readonly truncated: Record<LogStream, boolean> = { stdout: false, stderr: false };
  /** Frames refused (malformed, too long, after the cap): counted for diagnostics, never shown. */
  rejected = 0;

  constructor(
    private readonly onEvent: (event: LiveEvent) => void,
    private readonly onDiagnostics: (chunk: Buffer) => void,
    private readonly logMaxBytes: number = UI_CAPS.LOG_MAX_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.atLineStart) {
        this.inFrame = chunk[offset] === FRAME_MARK;
        this.atLineStart = false;
      }
      const newline = chunk.indexOf(0x0a, offset);
      const end = newline === -1 ? chunk.length : newline + 1;
      const piece = chunk.subarray(offset, end);
      offset = end;
      if (!this.inFrame) this.onDiagnostics(piece);
      else this.collect(newline === -1 ? piece : piece.subarray(0, piece.length - 1));
      if (newline !== -1) {
        if (this.inFrame) this.finishFrame();
        this.atLineStart = true;
      }
    }
  }

  private collect(piece: Buffer): void {
    if (this.overflow) return;
    if (this.lineBytes + piece.length > MAX_FRAME_LINE_BYTES) {
      this.overflow = true;
      this.line = [];
      this.lineBytes = 0;
      return;
    }
    this.line.push(Buffer.from(piece));
    this.lineBytes += piece.length;
  }

  private finishFrame(): void {
    const bytes = Buffer.concat(this.line, this.lineBytes);
    const overflow = this.overflow;
    this.line = [];
    this.lineBytes = 0;
    this.overflow = false;
    if (overflow) {
      this.rejected += 1;
      return;
    }
    let frame: z.infer<typeof frameSchema>;
    try {
      const parsed = frameSchema.safeParse(JSON.parse(bytes.subarray(1).toString("utf8")));
      if (!parsed.success) throw new Error("bad frame");
      frame = parsed.data;
    } catch {
      this.rejected += 1;
      return;
    }
    if (frame.type === "log") this.log(frame.stream, frame.text);
    else if (frame.type === "truncated") this.markTruncated(frame.stream);
    else {
      const message = cleanProgressMessage(frame.message);
      const fraction = frame.fraction ?? null;
      if (!message && fraction === null) {
        this.rejected += 1;
        return;
      }
      this.onEvent({ kind: "progress", message, fraction });
    }
  }

  private log(stream: LogStream, text: string): void {
    if (this.truncated[stream]) {
      this.rejected += 1;
      return;
    }
    const room = this.logMaxBytes - this.sent[stream];
    const bytes = utf8ByteLength(text);
    if (bytes <= room) {
      this.sent[stream] += bytes;
      if (text) this.onEvent({ kind: "log", stream, text });
      return;
    }
    const cut = truncateUtf8String(text, room).text;
    this.sent[stream] += utf8ByteLength(cut);
    if (cut) this.onEvent({ kind: "log", stream, text: cut });
    this.markTruncated(stream);
  }

  private markTruncated(stream: LogStream): void {
    if (this.truncated[stream]) return;
    this.truncated[stream] = true;
    this.onEvent({ kind: "truncated", stream });
  }
}
