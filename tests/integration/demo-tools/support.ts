/**
 * Shared pieces of the demo-tool tests: each tool's real source (or any script, such as the
 * skolfiler probe) through the production path (executeScript → Docker → the runner image), a
 * temporary artifact store, and small readers for what the tools produce (outputs by kind,
 * artifacts, entries of .docx/.xlsx zips).
 */
import { randomUUID } from "node:crypto";
import { promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, expect } from "vitest";
import type { UiOutput } from "@/lib/ui-contract";
import { FilesystemArtifactStore } from "@/server/artifacts/filesystem-artifact-store";
import { demoToolSourcePath } from "@/server/demo-tools/seed-demo-tools";
import { containersRemoved, type InputFile } from "@/server/execution/docker-runner";
import { executeScript, type ExecuteScriptInput, type ExecuteScriptResult } from "@/server/execution/execute-script";

export const FIXTURES = path.resolve(import.meta.dirname, "fixtures");

export type ToolResult = ExecuteScriptResult & { runId: string };

export interface ToolHarness {
  store: FilesystemArtifactStore;
  run(slug: string, options?: Partial<ExecuteScriptInput>): Promise<ToolResult>;
  /** Any script (not a demo tool) through the same path, e.g. a probe of a helper module. */
  runScript(script: string, options?: Partial<ExecuteScriptInput>): Promise<ToolResult>;
  artifact(result: ToolResult, name: string): Promise<Buffer>;
  cleanup(): Promise<void>;
}

export async function createToolHarness(): Promise<ToolHarness> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "skriptoteket-demo-tools-"));
  const store = new FilesystemArtifactStore(root);
  return {
    store,
    async run(slug, options = {}) {
      const runId = `test-demo-${slug}-${randomUUID()}`;
      const script = readFileSync(demoToolSourcePath(slug), "utf8");
      const result = await executeScript({ runId, script, timeoutSeconds: 60, store, ...options });
      return { ...result, runId };
    },
    async runScript(script, options = {}) {
      const runId = `test-script-${randomUUID()}`;
      const result = await executeScript({ runId, script, timeoutSeconds: 60, store, ...options });
      return { ...result, runId };
    },
    async artifact(result, name) {
      const found = result.artifacts.find((artifact) => artifact.path === `output/${name}`);
      if (!found) throw new Error(`no artifact output/${name}; have: ${result.artifacts.map((a) => a.path).join(", ")}`);
      return fs.readFile(path.join(store.root, found.key));
    },
    async cleanup() {
      await containersRemoved();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * The harness of one test file: made before its first test (and before any `beforeAll` the file
 * registers after this call), removed after its last. Call at the top level of the file.
 */
export function toolHarnessPerFile(): ToolHarness {
  let current: ToolHarness | undefined;
  beforeAll(async () => {
    current = await createToolHarness();
  });
  afterAll(async () => current?.cleanup());
  const harness = (): ToolHarness => {
    if (!current) throw new Error("the tool harness is made in beforeAll; use it inside a test or hook");
    return current;
  };
  return {
    get store() {
      return harness().store;
    },
    run: (slug, options) => harness().run(slug, options),
    runScript: (script, options) => harness().runScript(script, options),
    artifact: (result, name) => harness().artifact(result, name),
    cleanup: () => harness().cleanup(),
  };
}

export function textFile(name: string, content: string | Buffer): InputFile {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
  return { name, bytes: bytes.length, open: () => Readable.from([bytes]) };
}

export function fixtureFile(name: string): InputFile {
  return textFile(name, readFileSync(path.join(FIXTURES, name)));
}

/** Windows-1252 bytes for text made of Latin-1 characters (what old Excel "CSV" exports are). */
export function cp1252(text: string): Buffer {
  return Buffer.from(text, "latin1");
}

/** A run that must have succeeded; shows the error and the tool's stderr otherwise. */
export function expectSucceeded(result: ToolResult): void {
  expect(result.status, `${result.errorSummary}\n${result.stderr.slice(-3000)}`).toBe("succeeded");
  expect(result.notices, "no system notices (nothing was cut or refused)").toEqual([]);
}

/** A run that failed with the tool's own (ToolUserError) message. */
export function expectToolError(result: ToolResult, ...fragments: (string | RegExp)[]): string {
  expect(result.status).toBe("failed");
  expect(result.failureKind).toBe("tool");
  const message = result.errorSummary ?? "";
  expect(message).not.toMatch(/Tool execution failed|Traceback/);
  for (const fragment of fragments) expect(message).toMatch(typeof fragment === "string" ? new RegExp(escapeRegExp(fragment)) : fragment);
  return message;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function outputsOf<K extends UiOutput["kind"]>(result: ExecuteScriptResult, kind: K): Extract<UiOutput, { kind: K }>[] {
  return result.outputs.filter((output): output is Extract<UiOutput, { kind: K }> => output.kind === kind);
}

export function tableTitled(result: ExecuteScriptResult, title: string | RegExp) {
  const table = outputsOf(result, "table").find((t) => (typeof title === "string" ? t.title === title : title.test(t.title ?? "")));
  if (!table) throw new Error(`no table titled ${String(title)}; have: ${outputsOf(result, "table").map((t) => t.title).join(", ")}`);
  return table;
}

export function noticeText(result: ExecuteScriptResult, level?: "info" | "warning" | "error"): string {
  return outputsOf(result, "notice")
    .filter((notice) => !level || notice.level === level)
    .map((notice) => notice.message)
    .join("\n");
}

export function expectArtifactNames(result: ExecuteScriptResult, names: string[]): void {
  expect(result.artifacts.map((artifact) => artifact.path).sort()).toEqual(names.map((name) => `output/${name}`).sort());
  for (const artifact of result.artifacts) expect(artifact.bytes, artifact.path).toBeGreaterThan(0);
}

export const MAGIC = {
  pdf: (bytes: Buffer) => bytes.subarray(0, 5).toString("latin1") === "%PDF-",
  zip: (bytes: Buffer) => bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  png: (bytes: Buffer) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
};

/**
 * The entries of a zip archive (a .docx or .xlsx), read through its central directory. Enough
 * for Office files: stored or deflated entries, no zip64, no encryption.
 */
export function unzip(bytes: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error("not a zip archive");
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  for (let i = 0; i < count; i += 1) {
    if (bytes.readUInt32LE(offset) !== 0x02014b50) throw new Error("bad central directory");
    const method = bytes.readUInt16LE(offset + 10);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const localOffset = bytes.readUInt32LE(offset + 42);
    const name = bytes.subarray(offset + 46, offset + 46 + nameLength).toString("utf8");
    const localNameLength = bytes.readUInt16LE(localOffset + 26);
    const localExtraLength = bytes.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const data = bytes.subarray(start, start + compressedSize);
    entries.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** All text of an .xlsx (shared strings and inline strings) or a .docx body, tags removed. */
export function officeText(bytes: Buffer): string {
  const entries = unzip(bytes);
  const parts = ["xl/sharedStrings.xml", "word/document.xml", ...[...entries.keys()].filter((name) => name.startsWith("xl/worksheets/"))];
  return parts
    .map((name) => entries.get(name)?.toString("utf8") ?? "")
    .join(" ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_match, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/\s+/g, " ");
}
