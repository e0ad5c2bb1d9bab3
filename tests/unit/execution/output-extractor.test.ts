/**
 * The host side of the output stream, fed with archives a HOSTILE wrapper could write (the
 * wrapper runs as the same uid as the tool, so the host trusts none of its stream).
 * SANDBOX-THREATS rows 9, 10 and 13 at the byte level; the Docker-level runs are in
 * tests/integration/execution/sandbox-threats.test.ts.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArtifactStore } from "@/server/artifacts/artifact-store";
import { FilesystemArtifactStore } from "@/server/artifacts/filesystem-artifact-store";
import { OutputExtractor, type OutputExtractorOptions } from "@/server/execution/output-extractor";
import { craftTar, standardEntries, type CraftedEntry } from "../../support/execution/tar-builder";

let root: string;
let store: FilesystemArtifactStore;
let counter = 0;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "extractor-test-"));
  store = new FilesystemArtifactStore(root);
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function extract(entries: CraftedEntry[] | Buffer, options: Partial<OutputExtractorOptions> = {}, chunkSize = 7000) {
  const prefix = `runs/t${(counter += 1)}`;
  let fatal: string | null = null;
  const extractor = new OutputExtractor({
    store,
    artifactPrefix: prefix,
    maxArtifactFiles: 1000,
    maxArtifactBytes: 10 * 1024 * 1024,
    onFatal: (reason) => {
      fatal = reason;
    },
    ...options,
  });
  const bytes = Buffer.isBuffer(entries) ? entries : await craftTar(entries);
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    await extractor.write(bytes.subarray(offset, offset + chunkSize));
  }
  const result = await extractor.end();
  return { result, prefix, fatal: fatal as string | null };
}

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(current: string) {
    let entries;
    try {
      entries = await fs.readdir(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else found.push(`${path.relative(dir, full)}${entry.isFile() ? "" : " (NOT A FILE)"}`);
    }
  }
  await walk(dir);
  return found.sort();
}

describe("OutputExtractor", () => {
  it("reads logs, result.json and stores output files with sha256 and content type", async () => {
    const { result, prefix } = await extract([
      ...standardEntries(),
      { name: "output/", type: "directory" },
      { name: "output/rapport.pdf", content: "%PDF-1.7" },
      { name: "output/sub/mapp/data.csv", content: "a,b\n1,2\n" },
    ]);
    expect(result.stdout).toBe("ut");
    expect(result.stderr).toBe("fel");
    expect(result.meta?.exit_code).toBe(0);
    expect(JSON.parse(result.resultJsonText!)).toMatchObject({ status: "succeeded" });
    expect(result.violations).toEqual([]);
    expect(result.notices).toEqual([]);
    expect(result.artifacts).toEqual([
      {
        path: "output/rapport.pdf",
        key: `${prefix}/output/rapport.pdf`,
        bytes: 8,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        contentType: "application/pdf",
      },
      expect.objectContaining({ path: "output/sub/mapp/data.csv", bytes: 8, contentType: "text/csv; charset=utf-8" }),
    ]);
    const pdf = await fs.readFile(path.join(root, prefix, "output/rapport.pdf"), "utf8");
    expect(pdf).toBe("%PDF-1.7");
    const { createHash } = await import("node:crypto");
    expect(result.artifacts[0]!.sha256).toBe(createHash("sha256").update("%PDF-1.7").digest("hex"));
  });

  it("row 9: never creates or follows links, FIFOs or devices; refuses bad names with a notice", async () => {
    const { result, prefix } = await extract([
      ...standardEntries(),
      { name: "output/ok.txt", content: "ok" },
      { name: "output/passwd", type: "symlink", linkname: "/etc/passwd" },
      { name: "output/root", type: "symlink", linkname: "/proc/self/root" },
      { name: "output/hard", type: "link", linkname: "output/ok.txt" },
      { name: "output/fifo", type: "fifo" },
      { name: "output/null", type: "character-device" },
      { name: "output/disk", type: "block-device" },
      { name: "output/../escape.txt", content: "x" },
      { name: "output/a/../../escape2.txt", content: "x" },
      { name: "/etc/cron.d/evil", content: "x" },
      { name: "output//double", content: "x" },
      // A NUL ends a ustar name field (the entry would simply be "output/nul"); in a pax
      // path it survives and must be refused.
      { name: `output/${"p".repeat(120)}\u0000byte.txt`, content: "x" },
      { name: `output/${"n".repeat(4096)}`, content: "x" },
      { name: `output/${"m".repeat(300)}`, content: "x" },
      { name: "output/gpj\u202Eexe.txt", content: "x" },
      { name: "output/back\\slash.txt", content: "x" },
      { name: "output/bad\uFFFDutf8.txt", content: "x" },
      { name: "output/new\nline.txt", content: "x" },
    ]);
    expect(result.artifacts.map((a) => a.path)).toEqual(["output/ok.txt"]);
    expect(await filesUnder(path.join(root, prefix))).toEqual(["output/ok.txt"]);
    const notices = result.notices.join("\n");
    for (const expected of [
      /"output\/passwd" sparades inte: symbolisk länk/,
      /"output\/root" sparades inte: symbolisk länk/,
      /"output\/hard" sparades inte: hård länk/,
      /"output\/fifo" sparades inte: namngiven rörledning/,
      /"output\/null" sparades inte: enhetsfil/,
      /"output\/disk" sparades inte: enhetsfil/,
      /escape\.txt" sparades inte: sökvägen innehåller "\." eller "\.\."/,
      /"\/etc\/cron\.d\/evil" sparades inte: okänd post/,
      /"output\/\/double" sparades inte: absolut sökväg/,
      /längre än 255 byte/,
      /NUL-tecken/,
      /längre än 1024 byte/,
      /vänder textriktningen/,
      /bakåtsnedstreck/,
      /inte giltig UTF-8/,
      /styrtecken/,
    ]) {
      expect(notices).toMatch(expected);
    }
    // Notices quote names sanitized: no control or bidi characters reach the UI.
    expect(notices).not.toMatch(/[\u0000\u202E\n]"/);
    expect(result.notices.every((n) => n.startsWith("Systemmeddelande:"))).toBe(true);
    expect(await fs.readFile("/etc/passwd", "utf8")).toContain("root:");
  });

  it("refuses colliding names (a file where a folder is and vice versa)", async () => {
    const { result } = await extract([
      ...standardEntries(),
      { name: "output/a", content: "file" },
      { name: "output/a/b.txt", content: "under a file" },
      { name: "output/c/d.txt", content: "d" },
      { name: "output/c", content: "file over folder" },
      { name: "output/c/d.txt", content: "duplicate" },
    ]);
    expect(result.artifacts.map((a) => a.path)).toEqual(["output/a", "output/c/d.txt"]);
    expect(result.notices.filter((n) => n.includes("krockar"))).toHaveLength(3);
  });

  it("row 10: artifact count cap holds while streaming; a flood of refusals stays a few notices", async () => {
    const files = Array.from({ length: 300 }, (_, i) => ({ name: `output/f${i}.txt`, content: `${i}` }));
    const bad = Array.from({ length: 100 }, (_, i) => ({ name: `output/link${i}`, type: "symlink" as const, linkname: "/" }));
    const { result, prefix } = await extract([...standardEntries(), ...bad, ...files], { maxArtifactFiles: 50 });
    expect(result.artifacts).toHaveLength(50);
    expect(await filesUnder(path.join(root, prefix))).toHaveLength(50);
    expect(result.notices.length).toBeLessThanOrEqual(23);
    expect(result.notices.join("\n")).toMatch(/ytterligare 80 filer/);
    expect(result.notices.join("\n")).toMatch(/fler än 50 filer i output\/; 250 filer sparades inte/);
  });

  it("row 10: artifact byte cap holds while streaming; an oversized file is not stored in part", async () => {
    const { result, prefix } = await extract(
      [
        ...standardEntries(),
        { name: "output/a.bin", content: Buffer.alloc(600_000, 1) },
        { name: "output/big.bin", content: Buffer.alloc(600_000, 2) },
        { name: "output/small.bin", content: Buffer.alloc(100, 3) },
      ],
      { maxArtifactBytes: 1_000_000 },
    );
    expect(result.artifacts.map((a) => a.path)).toEqual(["output/a.bin", "output/small.bin"]);
    expect(await filesUnder(path.join(root, prefix))).toEqual(["output/a.bin", "output/small.bin"]);
    expect(result.notices.join("\n")).toMatch(/större än 977 kB tillsammans; 1 fil sparades inte/);
  });

  it("row 13: invalid UTF-8, oversized and duplicate result.json are violations", async () => {
    const invalid = await extract([
      { name: "result.json", content: Buffer.from([0x7b, 0xff, 0x7d]) },
    ]);
    expect(invalid.result.violations).toEqual(["result.json är inte giltig UTF-8."]);
    expect(invalid.result.resultJsonText).toBeNull();

    const big = await extract([{ name: "result.json", content: Buffer.alloc(2_000_000, 0x20) }], { resultJsonMaxBytes: 1_000_000 });
    expect(big.result.violations[0]).toMatch(/result\.json är större än/);

    const twice = await extract([...standardEntries(), { name: "result.json", content: "{}" }]);
    expect(twice.result.violations).toEqual(["result.json förekommer mer än en gång."]);
  });

  it("row 13: garbage instead of a tar is a violation and asks to kill the producer", async () => {
    const { result, fatal } = await extract(Buffer.from("this is not a tar archive ".repeat(100)));
    expect(result.violations[0]).toMatch(/utdataarkivet är trasigt/);
    expect(fatal).toMatch(/trasigt/);
  });

  it("a cut-off archive stores nothing partial and leaves no temp files", async () => {
    const full = await craftTar([...standardEntries(), { name: "output/big.bin", content: Buffer.alloc(300_000, 7) }]);
    const cut = full.subarray(0, full.length - 200_000);
    const { result, prefix } = await extract(cut);
    expect(result.violations[0]).toMatch(/trasigt|Unexpected end/);
    expect(result.artifacts).toEqual([]);
    expect(await filesUnder(path.join(root, prefix))).toEqual([]);
  });

  it("a cut-off archive while the store is still opening its file does not crash the process", async () => {
    // The store awaits its directory and file before it reads the body: the archive breaks in
    // that window. The broken body's 'error' event once had no listener and killed the worker.
    const slowToStart: ArtifactStore = Object.assign(Object.create(store) as FilesystemArtifactStore, {
      put: async (...args: Parameters<ArtifactStore["put"]>) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return store.put(...args);
      },
    });
    const full = await craftTar([...standardEntries(), { name: "output/big.bin", content: Buffer.alloc(300_000, 7) }]);
    const headerEnd = full.indexOf(Buffer.from("output/big.bin")) + 512 + 100;
    const { result, prefix } = await extract(full.subarray(0, headerEnd), { store: slowToStart });
    expect(result.violations[0]).toMatch(/trasigt|Unexpected end|kunde inte läsas/);
    expect(result.artifacts).toEqual([]);
    expect(await filesUnder(path.join(root, prefix))).toEqual([]);
  });

  it("caps logs at 200,000 bytes UTF-8-safely and flags them", async () => {
    const { result } = await extract([
      { name: "logs/stdout", content: "å".repeat(150_000) },
      { name: "logs/stderr", content: "e".repeat(10) },
      { name: "result.json", content: "{}" },
    ]);
    expect(Buffer.byteLength(result.stdout)).toBe(200_000);
    expect(result.stdoutTruncated).toBe(true);
    expect(result.stderrTruncated).toBe(false);
  });

  it("abort() stops at once and keeps nothing partial", async () => {
    const extractor = new OutputExtractor({ store, artifactPrefix: "runs/aborted", maxArtifactFiles: 10, maxArtifactBytes: 10_000_000 });
    const bytes = await craftTar([...standardEntries(), { name: "output/x.bin", content: Buffer.alloc(1_000_000) }]);
    await extractor.write(bytes.subarray(0, 500_000));
    const result = await extractor.abort();
    expect(result.artifacts).toEqual([]);
    expect(await filesUnder(path.join(root, "runs/aborted"))).toEqual([]);
  });
});

describe("the end entry", () => {
  const make = () =>
    new OutputExtractor({ store, artifactPrefix: `runs/t${(counter += 1)}`, maxArtifactFiles: 1000, maxArtifactBytes: 10 * 1024 * 1024 });
  const settled = (promise: Promise<void>) => Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 200))]);

  it("completes the answer once every entry before it is stored, before the stream ends", async () => {
    const extractor = make();
    const bytes = await craftTar([...standardEntries(), { name: "output/a.txt", content: "x".repeat(100_000) }, { name: "end" }]);
    for (let offset = 0; offset < bytes.length; offset += 4096) await extractor.write(bytes.subarray(offset, offset + 4096));
    expect(await settled(extractor.complete)).toBe(true);
    const result = await extractor.abort();
    expect(result.violations).toEqual([]);
    expect(result.artifacts.map((a) => [a.path, a.bytes])).toEqual([["output/a.txt", 100_000]]);
    expect(result.resultJsonText).not.toBeNull();
  });

  it("never completes a cut-off archive, or one without the entry", async () => {
    const cut = make();
    const bytes = await craftTar([...standardEntries(), { name: "output/a.txt", content: "x".repeat(100_000) }, { name: "end" }]);
    await cut.write(bytes.subarray(0, 60_000));
    expect(await settled(cut.complete)).toBe(false);
    await cut.abort();
    const without = make();
    await without.write(await craftTar(standardEntries()));
    expect(await settled(without.complete)).toBe(false);
    expect((await without.end()).violations).toEqual([]);
  });
});
