import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeRunnerImageTag, runnerImageDir } from "@/server/execution/runner-image";

/** The reference implementation (runner-image/README.md, "Image tag"). */
async function shellTag(dir: string): Promise<string> {
  const { stdout } = await promisify(execFile)("bash", [path.join(dir, "image-tag.sh")]);
  return stdout.trim();
}

describe("runner image tag: runner-image.ts computes what image-tag.sh prints", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "skriptoteket-image-tag-"));
    await fs.copyFile(path.join(runnerImageDir(), "image-tag.sh"), path.join(dir, "image-tag.sh"));
    await fs.mkdir(path.join(dir, "lib", "__pycache__"), { recursive: true });
    await fs.writeFile(path.join(dir, "lib", "a.py"), "A = 1\n");
    await fs.writeFile(path.join(dir, "Dockerfile"), "FROM x\n");
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("for the real runner-image/", async () => {
    expect(await computeRunnerImageTag(runnerImageDir())).toBe(await shellTag(runnerImageDir()));
  });

  it("ignores README.md, tests/ and __pycache__, and follows every other file", async () => {
    const before = await computeRunnerImageTag(dir);
    expect(before).toMatch(/^skriptoteket-runner:[0-9a-f]{16}$/);
    expect(before).toBe(await shellTag(dir));

    await fs.mkdir(path.join(dir, "tests"));
    await fs.writeFile(path.join(dir, "tests", "smoke.py"), "x\n");
    await fs.writeFile(path.join(dir, "README.md"), "docs\n");
    await fs.writeFile(path.join(dir, "lib", "__pycache__", "a.cpython-313.pyc"), "pyc");
    expect(await computeRunnerImageTag(dir)).toBe(before);
    expect(await shellTag(dir)).toBe(before);

    await fs.writeFile(path.join(dir, "lib", "a.py"), "A = 2\n");
    const after = await computeRunnerImageTag(dir);
    expect(after).not.toBe(before);
    expect(after).toBe(await shellTag(dir));
  });
});
