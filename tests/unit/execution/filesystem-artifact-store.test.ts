import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArtifactNotFoundError, ArtifactTooLargeError } from "@/server/artifacts/artifact-store";
import { FilesystemArtifactStore } from "@/server/artifacts/filesystem-artifact-store";

let root: string;
let outside: string;
let store: FilesystemArtifactStore;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "store-test-"));
  outside = await fs.mkdtemp(path.join(os.tmpdir(), "store-outside-"));
  store = new FilesystemArtifactStore(root);
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(outside, { recursive: true, force: true });
});

const body = (content: string) => Readable.from([Buffer.from(content)]);

describe("FilesystemArtifactStore", () => {
  it("puts, stats, opens (with ranges) and deletes by prefix", async () => {
    const put = await store.put("runs/1/output/a.txt", body("hej världen"), { maxBytes: 100 });
    expect(put).toEqual({ bytes: 12, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await store.stat("runs/1/output/a.txt")).toEqual({ bytes: 12 });
    expect(await text(await store.open("runs/1/output/a.txt"))).toBe("hej världen");
    expect(await text(await store.open("runs/1/output/a.txt", { start: 4, end: 6 }))).toBe("vä");
    await store.deletePrefix("runs/1");
    expect(await store.stat("runs/1/output/a.txt")).toBeNull();
    await expect(store.open("runs/1/output/a.txt")).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await store.deletePrefix("runs/does-not-exist");
  });

  it("lists complete objects, counts what deletePrefix removes, and sweeps stale partial writes", async () => {
    await store.put("sweep/a/1", body("abc"), { maxBytes: 100 });
    await store.put("sweep/b/2", body("defgh"), { maxBytes: 100 });
    const stale = path.join(root, "sweep/c/.tmp-0000000000000000");
    const fresh = path.join(root, "sweep/b/.tmp-1111111111111111");
    await fs.mkdir(path.dirname(stale), { recursive: true });
    await fs.writeFile(stale, "halv");
    await fs.writeFile(fresh, "pågår");
    const hourAgo = new Date(Date.now() - 3600_000);
    await fs.utimes(stale, hourAgo, hourAgo);

    const listed = [];
    for await (const entry of store.list("sweep")) listed.push([entry.key, entry.bytes]);
    expect(listed.sort()).toEqual([["sweep/a/1", 3], ["sweep/b/2", 5]]);
    expect(await store.deleteIncomplete(new Date(Date.now() - 60_000))).toEqual({ files: 1, bytes: 4 });
    await expect(fs.stat(path.dirname(stale))).rejects.toThrow(); // its emptied folder too
    await expect(fs.stat(fresh)).resolves.toBeTruthy();
    expect(await store.deletePrefix("sweep/b")).toEqual({ files: 2, bytes: 5 + Buffer.byteLength("pågår") });
    expect(await store.deletePrefix("sweep/nothing")).toEqual({ files: 0, bytes: 0 });
    const empty = [];
    for await (const entry of store.list("nowhere")) empty.push(entry);
    expect(empty).toEqual([]);
  });

  it("refuses a body over maxBytes and leaves nothing behind", async () => {
    await expect(store.put("runs/2/output/big.bin", body("x".repeat(101)), { maxBytes: 100 })).rejects.toBeInstanceOf(
      ArtifactTooLargeError,
    );
    expect(await fs.readdir(path.join(root, "runs/2/output"))).toEqual([]);
  });

  it("replaces atomically: a failed put keeps the old content", async () => {
    await store.put("runs/3/output/a.txt", body("old"), { maxBytes: 100 });
    await expect(store.put("runs/3/output/a.txt", body("new".repeat(50)), { maxBytes: 100 })).rejects.toThrow();
    expect(await text(await store.open("runs/3/output/a.txt"))).toBe("old");
  });

  it("refuses keys that escape or are not plain relative paths", async () => {
    for (const key of ["../x", "/etc/passwd", "runs/../../x", "a//b", "a\\b", "a\u0000b", ""]) {
      await expect(store.put(key, body("x"), { maxBytes: 10 })).rejects.toThrow(/invalid artifact key/);
      await expect(store.open(key)).rejects.toThrow(/invalid artifact key/);
      await expect(store.deletePrefix(key)).rejects.toThrow(/invalid artifact key/);
    }
  });

  it("never follows a symbolic link inside the store", async () => {
    await fs.writeFile(path.join(outside, "secret.txt"), "secret");
    await fs.mkdir(path.join(root, "runs/4"), { recursive: true });
    await fs.symlink(outside, path.join(root, "runs/4/output"));
    await fs.symlink(path.join(outside, "secret.txt"), path.join(root, "runs/4/link.txt"));

    await expect(store.put("runs/4/output/x.txt", body("x"), { maxBytes: 10 })).rejects.toThrow(/not a plain directory/);
    await expect(store.open("runs/4/output/secret.txt")).rejects.toThrow();
    await expect(store.open("runs/4/link.txt")).rejects.toBeInstanceOf(ArtifactNotFoundError);
    expect(await store.stat("runs/4/link.txt")).toBeNull();
    await store.deletePrefix("runs/4");
    expect(await fs.readFile(path.join(outside, "secret.txt"), "utf8")).toBe("secret");
    expect(await fs.readdir(outside)).toEqual(["secret.txt"]);
  });
});
