/**
 * Where the bytes of run artifacts live. Callers (the runner, the download route) only see
 * this interface; the filesystem implementation is the default and an S3-compatible one can be
 * added beside it without touching them.
 *
 * Keys are relative paths ("runs/<run id>/output/report.pdf") checked by checkArtifactKey():
 * no "..", no absolute paths, no control characters — an implementation may rely on that.
 */
import type { Readable } from "node:stream";
import { checkRelativePath } from "./safe-path";

export interface PutOptions {
  /** Refuse (and store nothing) when the body is longer than this. */
  maxBytes: number;
  contentType?: string;
}

export interface PutResult {
  bytes: number;
  /** Lower-case hex. */
  sha256: string;
}

/** Inclusive byte range, as in HTTP Range. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface ArtifactStat {
  bytes: number;
}

/** One complete object, as list() yields it. */
export interface ArtifactEntry {
  key: string;
  bytes: number;
  modifiedAt: Date;
}

/** What a removal freed, for the prune's report. */
export interface RemovedCount {
  files: number;
  bytes: number;
}

export interface ArtifactStore {
  /**
   * Streams `body` to `key`, atomically: a reader sees the old object or the complete new one,
   * never a part. Rejects with ArtifactTooLargeError past maxBytes and then stores nothing.
   * The body is consumed to its end on success and destroyed on failure: pass a stream the
   * caller owns (e.g. a PassThrough), not one whose destruction would break a larger stream.
   */
  put(key: string, body: Readable, options: PutOptions): Promise<PutResult>;
  /** Rejects with ArtifactNotFoundError when missing. */
  open(key: string, range?: ByteRange): Promise<Readable>;
  stat(key: string): Promise<ArtifactStat | null>;
  /**
   * Removes every object whose key is `prefix` or starts with `prefix/` (and any partial write
   * among them). Missing is fine.
   */
  deletePrefix(prefix: string): Promise<RemovedCount>;
  /** Every complete object whose key starts with `prefix/`, in no particular order. */
  list(prefix: string): AsyncIterable<ArtifactEntry>;
  /**
   * Removes partial writes (a `put` whose writer died or was cut off, e.g. the web process
   * crashed mid-upload) last touched before `olderThan`. A live `put` keeps touching its
   * partial write, so a cutoff well past the upload stall limit never hits one.
   */
  deleteIncomplete(olderThan: Date): Promise<RemovedCount>;
}

export class ArtifactTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`artifact larger than ${maxBytes} bytes`);
    this.name = "ArtifactTooLargeError";
  }
}

export class ArtifactNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`artifact not found: ${key}`);
    this.name = "ArtifactNotFoundError";
  }
}

export class InvalidArtifactKeyError extends Error {
  constructor(key: string, reason: string) {
    super(`invalid artifact key ${JSON.stringify(key.slice(0, 200))}: ${reason}`);
    this.name = "InvalidArtifactKeyError";
  }
}

export function checkArtifactKey(key: string): string {
  const check = checkRelativePath(key);
  if (!check.ok) throw new InvalidArtifactKeyError(key, check.reason);
  return check.path;
}
