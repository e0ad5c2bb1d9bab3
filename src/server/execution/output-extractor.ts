import "server-only";
import { PassThrough } from "node:stream";
import * as tar from "tar-stream";
import { formatBytes } from "@/lib/format";
import { UI_CAPS } from "@/lib/ui-contract";
import { ArtifactTooLargeError, type ArtifactStore } from "@/server/artifacts/artifact-store";
import { checkRelativePath, sanitizeNameForNotice } from "@/server/artifacts/safe-path";
import { contentTypeForPath } from "./content-type";
import { systemNotice, type RunnerMeta, type StoredArtifact } from "./run-result";
import { CappedBuffer, decodeUtf8Strict } from "./utf8";

/**
 * Reads the container's output tar (logs/meta.json, logs/stdout, logs/stderr, result.json,
 * output/<relpath>) WHILE it streams. The wrapper that writes it runs as the same uid as the
 * hostile script, so every entry is distrusted:
 *
 * - only regular files are taken; links, FIFOs and devices are refused with a notice and never
 *   created or followed on the host;
 * - output names must pass checkRelativePath (no "..", absolute paths, control/bidi
 *   characters, invalid UTF-8, over-long names) and may not collide;
 * - logs and result.json are held in memory only up to hard caps;
 * - artifact count and total bytes are enforced during the stream: an entry over a cap is
 *   drained, not stored, and never stored in part.
 */
export interface OutputExtractorOptions {
  store: ArtifactStore;
  /** Artifacts go to `<artifactPrefix>/output/<relpath>`. */
  artifactPrefix: string;
  maxArtifactFiles: number;
  maxArtifactBytes: number;
  logMaxBytes?: number;
  resultJsonMaxBytes?: number;
  /** Called once when the stream can no longer be read (broken archive): kill the producer. */
  onFatal?: (reason: string) => void;
}

/** Larger than the UI payload cap on purpose: an oversized table is cut with a notice by the
 * normalizer, not refused here. The wrapper itself refuses results over 32 MiB. */
export const RESULT_JSON_MAX_BYTES = 8 * 1024 * 1024;
const META_MAX_BYTES = 64 * 1024;
/** Per-file refusal notices beyond this are only counted, so a million bad names stay small. */
const MAX_DETAILED_NOTICES = 20;

export interface ExtractedOutput {
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  resultJsonText: string | null;
  meta: RunnerMeta | null;
  artifacts: StoredArtifact[];
  notices: string[];
  violations: string[];
}

/** A tar entry body (a streamx Readable). */
interface EntryStream extends AsyncIterable<unknown> {
  resume(): unknown;
  on(event: "end" | "close" | "error", listener: (...args: unknown[]) => void): unknown;
}

const TYPE_LABELS: Record<string, string> = {
  symlink: "symbolisk länk",
  link: "hård länk",
  fifo: "namngiven rörledning (FIFO)",
  "character-device": "enhetsfil",
  "block-device": "enhetsfil",
};

export class OutputExtractor {
  private readonly extract = tar.extract();
  private readonly stdoutLog: CappedBuffer;
  private readonly stderrLog: CappedBuffer;
  private resultJson: CappedBuffer | null = null;
  private resultJsonTooLarge = false;
  private meta: RunnerMeta | null = null;
  private readonly artifacts: StoredArtifact[] = [];
  private readonly paths = new Set<string>();
  private readonly dirs = new Set<string>();
  private storedBytes = 0;
  private readonly notices: string[] = [];
  private detailedNotices = 0;
  private undetailedRefusals = 0;
  private refusedForCount = 0;
  private refusedForBytes = 0;
  private readonly violations: string[] = [];
  private current: Promise<void> = Promise.resolve();
  private dead = false;
  private readonly closed: Promise<void>;
  private markComplete!: () => void;
  /**
   * Resolves when the wrapper's last entry (`end`) has been read, i.e. every entry before it is
   * handled: the run's answer is complete before the container has even exited. Never resolves
   * for a cut-off archive.
   */
  readonly complete = new Promise<void>((resolve) => (this.markComplete = resolve));

  constructor(private readonly options: OutputExtractorOptions) {
    const logMax = options.logMaxBytes ?? UI_CAPS.LOG_MAX_BYTES;
    this.stdoutLog = new CappedBuffer(logMax);
    this.stderrLog = new CappedBuffer(logMax);
    this.extract.on("entry", (header, stream, next) => {
      this.current = this.handle(header, stream).then(
        () => next(),
        (error: unknown) => {
          this.fail(`utdataarkivet kunde inte läsas (${describe(error)}).`);
          next();
        },
      );
    });
    this.closed = new Promise((resolve) => {
      this.extract.on("error", (error: Error) => this.fail(`utdataarkivet är trasigt (${error.message}).`));
      this.extract.on("close", () => resolve());
    });
  }

  /** Feed the next bytes of the container's stdout; resolves when more may be written. */
  async write(chunk: Buffer): Promise<void> {
    if (this.dead || this.extract.destroyed) return;
    if (this.extract.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.extract.off("drain", done);
        this.extract.off("close", done);
        resolve();
      };
      this.extract.on("drain", done);
      this.extract.on("close", done);
    });
  }

  /** The stream ended: finish the archive (a cut-off archive is a violation). */
  async end(): Promise<ExtractedOutput> {
    if (!this.extract.destroyed) this.extract.end(undefined);
    await this.closed;
    await this.current;
    return this.collect();
  }

  /** Stop reading now (timeout, cancel, byte cap, or after `complete`); waits for the entry being stored. */
  async abort(): Promise<ExtractedOutput> {
    this.dead = true;
    this.extract.destroy();
    await this.closed;
    await this.current;
    return this.collect();
  }

  /** What was read so far, marked as a violation: for a reader that had to give up. */
  snapshot(violation: string): ExtractedOutput {
    this.dead = true;
    this.violations.push(violation);
    return this.collect();
  }

  private collect(): ExtractedOutput {
    const notices = [...this.notices];
    if (this.undetailedRefusals > 0) {
      notices.push(systemNotice(`ytterligare ${fileCount(this.undetailedRefusals)} i output/ sparades inte.`));
    }
    if (this.refusedForCount > 0) {
      notices.push(
        systemNotice(
          `verktyget skapade fler än ${this.options.maxArtifactFiles} filer i output/; ` +
            `${fileCount(this.refusedForCount)} sparades inte.`,
        ),
      );
    }
    if (this.refusedForBytes > 0) {
      notices.push(
        systemNotice(
          `filerna i output/ blev större än ${formatBytes(this.options.maxArtifactBytes)} tillsammans; ` +
            `${fileCount(this.refusedForBytes)} sparades inte.`,
        ),
      );
    }
    const stdout = this.stdoutLog.text();
    const stderr = this.stderrLog.text();
    let resultJsonText: string | null = null;
    const violations = [...this.violations];
    if (this.resultJsonTooLarge) {
      violations.push(`result.json är större än ${formatBytes(this.options.resultJsonMaxBytes ?? RESULT_JSON_MAX_BYTES)}.`);
    } else if (this.resultJson) {
      resultJsonText = decodeUtf8Strict(this.resultJson.bytes());
      if (resultJsonText === null) violations.push("result.json är inte giltig UTF-8.");
    }
    return {
      stdout: stdout.text,
      stderr: stderr.text,
      stdoutTruncated: stdout.truncated || this.meta?.stdout_truncated === true,
      stderrTruncated: stderr.truncated || this.meta?.stderr_truncated === true,
      resultJsonText,
      meta: this.meta,
      artifacts: [...this.artifacts],
      notices,
      violations,
    };
  }

  private fail(reason: string): void {
    if (this.dead) return;
    this.dead = true;
    this.violations.push(reason);
    this.options.onFatal?.(reason);
  }

  private async handle(header: tar.Header, entry: EntryStream): Promise<void> {
    const isFile = header.type === "file" || header.type === "contiguous-file";
    const name = header.type === "directory" ? header.name.replace(/\/+$/, "") : header.name;

    if (header.type === "directory") return drain(entry);
    if (name.startsWith("output/")) return this.handleOutput(name.slice("output/".length), header, entry, isFile);

    switch (name) {
      case "result.json":
        if (!isFile || this.resultJson || this.resultJsonTooLarge) {
          this.violations.push(isFile ? "result.json förekommer mer än en gång." : "result.json är inte en vanlig fil.");
          return drain(entry);
        }
        return this.readResultJson(entry);
      case "logs/stdout":
      case "logs/stderr": {
        const log = name === "logs/stdout" ? this.stdoutLog : this.stderrLog;
        if (!isFile || log.total > 0) return drain(entry);
        for await (const chunk of entry) log.push(chunk as Buffer);
        return;
      }
      case "logs/meta.json":
        if (!isFile) return drain(entry);
        return this.readMeta(entry);
      case "end":
        // Entries are handled one after another: everything before this one is stored.
        this.markComplete();
        return drain(entry);
      default:
        this.refuse(name, "okänd post i utdataarkivet");
        return drain(entry);
    }
  }

  private async readResultJson(entry: EntryStream): Promise<void> {
    const max = this.options.resultJsonMaxBytes ?? RESULT_JSON_MAX_BYTES;
    const buffer = new CappedBuffer(max);
    for await (const chunk of entry) {
      if (!this.resultJsonTooLarge) buffer.push(chunk as Buffer);
      if (buffer.total > max) this.resultJsonTooLarge = true;
    }
    if (!this.resultJsonTooLarge) this.resultJson = buffer;
  }

  private async readMeta(entry: EntryStream): Promise<void> {
    const buffer = new CappedBuffer(META_MAX_BYTES);
    for await (const chunk of entry) buffer.push(chunk as Buffer);
    if (buffer.truncated) return;
    try {
      const parsed: unknown = JSON.parse(buffer.bytes().toString("utf8"));
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) this.meta = parsed as RunnerMeta;
    } catch {
      // A broken meta.json only loses the wrapper's truncation flags.
    }
  }

  private async handleOutput(relative: string, header: tar.Header, entry: EntryStream, isFile: boolean): Promise<void> {
    const shown = `output/${relative}`;
    if (!isFile) {
      this.refuse(shown, TYPE_LABELS[header.type] ?? `filtypen ${header.type}`);
      return drain(entry);
    }
    const check = checkRelativePath(relative);
    if (!check.ok) {
      this.refuse(shown, check.reason);
      return drain(entry);
    }
    const path = `output/${check.path}`;
    if (this.collides(path)) {
      this.refuse(shown, "namnet krockar med en annan fil");
      return drain(entry);
    }
    if (this.artifacts.length >= this.options.maxArtifactFiles) {
      this.refusedForCount += 1;
      return drain(entry);
    }
    const budget = this.options.maxArtifactBytes - this.storedBytes;
    if (header.size > budget) {
      this.refusedForBytes += 1;
      return drain(entry);
    }

    const key = `${this.options.artifactPrefix}/${path}`;
    const contentType = contentTypeForPath(path);
    const body = new PassThrough();
    const put = this.options.store.put(key, body, { maxBytes: budget, contentType });
    // Settled below; this only keeps an early rejection from being reported as unhandled.
    put.catch(() => {});
    try {
      for await (const chunk of entry) {
        if (body.destroyed || body.writableEnded) continue; // the store gave up: keep draining
        if (!body.write(chunk)) await drainOrClose(body);
      }
    } catch (error) {
      // The archive broke mid-file (cut off, aborted): make the store drop its temp file
      // before anyone looks at the store again. Destroyed without an error, as the upload
      // route does: the store may not be reading yet (it opens its file first), and an
      // 'error' event nobody listens to crashes the process. `put` rejects all the same.
      body.destroy();
      await put.catch(() => undefined);
      throw error;
    }
    if (!body.destroyed) body.end();
    try {
      const stored = await put;
      this.storedBytes += stored.bytes;
      this.paths.add(path);
      const segments = path.split("/");
      for (let i = 1; i < segments.length; i += 1) this.dirs.add(segments.slice(0, i).join("/"));
      this.artifacts.push({ path, key, bytes: stored.bytes, sha256: stored.sha256, contentType });
    } catch (error) {
      if (error instanceof ArtifactTooLargeError) this.refusedForBytes += 1;
      else if (!this.dead) this.refuse(shown, `kunde inte sparas (${describe(error)})`);
    }
  }

  private collides(path: string): boolean {
    if (this.paths.has(path) || this.dirs.has(path)) return true;
    const segments = path.split("/");
    for (let i = 1; i < segments.length; i += 1) {
      if (this.paths.has(segments.slice(0, i).join("/"))) return true;
    }
    return false;
  }

  private refuse(name: string, reason: string): void {
    if (this.detailedNotices >= MAX_DETAILED_NOTICES) {
      this.undetailedRefusals += 1;
      return;
    }
    this.detailedNotices += 1;
    this.notices.push(systemNotice(`"${sanitizeNameForNotice(name)}" sparades inte: ${reason}.`));
  }
}

function drain(stream: EntryStream): Promise<void> {
  return new Promise((resolve) => {
    stream.on("end", () => resolve());
    stream.on("close", () => resolve());
    stream.on("error", () => resolve());
    stream.resume();
  });
}

function drainOrClose(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fileCount(count: number): string {
  return count === 1 ? "1 fil" : `${count} filer`;
}
