import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { constants, promises as fs, mkdirSync, realpathSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import {
  ArtifactNotFoundError,
  ArtifactTooLargeError,
  checkArtifactKey,
  type ArtifactEntry,
  type ArtifactStat,
  type ArtifactStore,
  type ByteRange,
  type PutOptions,
  type PutResult,
  type RemovedCount,
} from "./artifact-store";

const TEMP_PREFIX = ".tmp-";

/**
 * Artifacts as files under one root folder (env.ARTIFACTS_ROOT in production; tests pass a
 * temporary folder). Nothing here follows a symbolic link: directories are checked with lstat
 * on the way down, files are opened with O_NOFOLLOW, and every resolved path must stay inside
 * the root (Judge0's 2024 escapes came from host-side file operations following links).
 */
const READ_CHUNK_BYTES = 1024 * 1024;

export class FilesystemArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    mkdirSync(root, { recursive: true, mode: 0o750 });
    // The root itself may be reached through a link (e.g. /tmp on some systems); everything
    // below it may not.
    this.root = realpathSync(root);
  }

  async put(key: string, body: Readable, options: PutOptions): Promise<PutResult> {
    const target = this.resolve(key);
    const dir = path.dirname(target);
    await this.ensureDirectory(dir);
    const temp = path.join(dir, `${TEMP_PREFIX}${randomBytes(8).toString("hex")}`);
    const handle = await fs.open(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o640,
    );
    const hash = createHash("sha256");
    let bytes = 0;
    try {
      // Leaving this loop by a throw destroys `body` (the interface's contract on failure).
      for await (const chunk of body as AsyncIterable<Buffer | string>) {
        const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        bytes += buffer.length;
        if (bytes > options.maxBytes) throw new ArtifactTooLargeError(options.maxBytes);
        hash.update(buffer);
        let offset = 0;
        while (offset < buffer.length) {
          const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
          offset += bytesWritten;
        }
      }
      await handle.sync();
      await handle.close();
      await fs.rename(temp, target);
    } catch (error) {
      await handle.close().catch(() => {});
      await fs.rm(temp, { force: true }).catch(() => {});
      throw error;
    }
    return { bytes, sha256: hash.digest("hex") };
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    const target = this.resolve(key);
    await this.checkParents(path.dirname(target), false);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(target, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (isCode(error, "ENOENT") || isCode(error, "ELOOP") || isCode(error, "ENOTDIR")) {
        throw new ArtifactNotFoundError(key);
      }
      throw error;
    }
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      throw new ArtifactNotFoundError(key);
    }
    // 1 MiB reads: the default 64 KiB chunks cost a large multi-gigabyte download half its
    // throughput in per-chunk overhead; memory stays bounded by the pipe's backpressure.
    return handle.createReadStream({ start: range?.start, end: range?.end, autoClose: true, highWaterMark: READ_CHUNK_BYTES });
  }

  async stat(key: string): Promise<ArtifactStat | null> {
    const target = this.resolve(key);
    try {
      await this.checkParents(path.dirname(target), false);
      const stat = await fs.lstat(target);
      return stat.isFile() ? { bytes: stat.size } : null;
    } catch (error) {
      if (error instanceof ArtifactNotFoundError || isCode(error, "ENOENT") || isCode(error, "ENOTDIR")) return null;
      throw error;
    }
  }

  async deletePrefix(prefix: string): Promise<RemovedCount> {
    const target = this.resolve(prefix);
    try {
      await this.checkParents(path.dirname(target), false);
    } catch (error) {
      if (error instanceof ArtifactNotFoundError) return { files: 0, bytes: 0 };
      throw error;
    }
    const removed = await countFiles(target);
    // fs.rm removes links themselves and never descends through them.
    await fs.rm(target, { recursive: true, force: true });
    return removed;
  }

  async *list(prefix: string): AsyncIterable<ArtifactEntry> {
    const top = this.resolve(prefix);
    try {
      await this.checkParents(top, false);
    } catch (error) {
      if (error instanceof ArtifactNotFoundError) return;
      throw error;
    }
    for await (const { file, stat } of walkFiles(top)) {
      if (path.basename(file).startsWith(TEMP_PREFIX)) continue;
      yield { key: path.relative(this.root, file).split(path.sep).join("/"), bytes: stat.size, modifiedAt: stat.mtime };
    }
  }

  async deleteIncomplete(olderThan: Date): Promise<RemovedCount> {
    const removed = { files: 0, bytes: 0 };
    for await (const { file, stat } of walkFiles(this.root)) {
      if (!path.basename(file).startsWith(TEMP_PREFIX) || stat.mtime >= olderThan) continue;
      await fs.rm(file, { force: true });
      removed.files += 1;
      removed.bytes += stat.size;
      // The folder of a cut-off upload batch is left empty: remove it too (it is never reused,
      // batch and run folders have unique names). A folder still in use is not empty.
      if (path.dirname(file) !== this.root) await fs.rmdir(path.dirname(file)).catch(() => {});
    }
    return removed;
  }

  private resolve(key: string): string {
    const checked = checkArtifactKey(key);
    const resolved = path.resolve(this.root, checked);
    if (!resolved.startsWith(this.root + path.sep)) {
      throw new Error(`artifact key escapes the store root: ${JSON.stringify(key)}`);
    }
    return resolved;
  }

  /** Creates `dir` (inside the root) one level at a time, refusing any link on the way. */
  private async ensureDirectory(dir: string): Promise<void> {
    await this.checkParents(dir, true);
  }

  private async checkParents(dir: string, create: boolean): Promise<void> {
    const relative = path.relative(this.root, dir);
    if (relative === "") return;
    let current = this.root;
    for (const segment of relative.split(path.sep)) {
      current = path.join(current, segment);
      let stat;
      try {
        stat = await fs.lstat(current);
      } catch (error) {
        if (!isCode(error, "ENOENT")) throw error;
        if (!create) throw new ArtifactNotFoundError(path.relative(this.root, current));
        try {
          await fs.mkdir(current, { mode: 0o750 });
        } catch (mkdirError) {
          if (!isCode(mkdirError, "EEXIST")) throw mkdirError;
        }
        stat = await fs.lstat(current);
      }
      if (!stat.isDirectory()) {
        throw new Error(`not a plain directory in the artifact store: ${path.relative(this.root, current)}`);
      }
    }
  }
}

/** Regular files under `dir` (lstat: links are neither followed nor reported). */
async function* walkFiles(dir: string): AsyncGenerator<{ file: string; stat: import("node:fs").Stats }> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (isCode(error, "ENOENT") || isCode(error, "ENOTDIR")) return;
    throw error;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    let stat;
    try {
      stat = await fs.lstat(file);
    } catch (error) {
      if (isCode(error, "ENOENT")) continue; // removed meanwhile
      throw error;
    }
    if (stat.isDirectory()) yield* walkFiles(file);
    else if (stat.isFile()) yield { file, stat };
  }
}

async function countFiles(target: string): Promise<RemovedCount> {
  const count = { files: 0, bytes: 0 };
  let stat;
  try {
    stat = await fs.lstat(target);
  } catch (error) {
    if (isCode(error, "ENOENT")) return count;
    throw error;
  }
  if (stat.isFile()) return { files: 1, bytes: stat.size };
  if (!stat.isDirectory()) return count;
  for await (const { stat: fileStat } of walkFiles(target)) {
    count.files += 1;
    count.bytes += fileStat.size;
  }
  return count;
}

function isCode(error: unknown, code: string): boolean {
  return (error as { code?: string } | null)?.code === code;
}
