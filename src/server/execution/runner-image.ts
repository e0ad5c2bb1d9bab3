import "server-only";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { env } from "@/env";
import { docker as defaultDocker, type DockerClient } from "./docker-client";

/**
 * Where runner-image/ lives. The app, the worker, the CLI and the tests all run from the
 * project root; Next.js bundles server code, so import.meta.url cannot be used to find it.
 */
export function runnerImageDir(): string {
  return path.resolve(process.cwd(), "runner-image");
}

let cachedTag: Promise<string> | null = null;

/**
 * The runner image of this process: env.RUNNER_IMAGE, else the hash tag of runner-image/ (see
 * computeRunnerImageTag). Hashed once per process, not on every run and heartbeat: runner-image/
 * only changes with a deploy, which restarts the worker (and a developer who edits it restarts
 * `npm start`, or the tests, which start fresh).
 */
export function runnerImageTag(): Promise<string> {
  if (env.RUNNER_IMAGE) return Promise.resolve(env.RUNNER_IMAGE);
  cachedTag ??= computeRunnerImageTag(runnerImageDir()).catch((error: unknown) => {
    cachedTag = null;
    throw error;
  });
  return cachedTag;
}

/**
 * `skriptoteket-runner:<hash>` — the same value as runner-image/image-tag.sh (see its header and
 * runner-image/README.md, "Image tag"): sha256 over `<relpath> NUL <sha256 hex of content> LF`
 * for every regular file (symlinks not followed), sorted bytewise by path, except README.md at
 * the top, tests/ at the top and anything inside a __pycache__ directory; first 16 hex chars.
 * An unchanged runner-image/ is thus never rebuilt.
 */
export async function computeRunnerImageTag(dir: string): Promise<string> {
  const files: string[] = [];
  async function walk(relDir: string): Promise<void> {
    const entries = await fs.readdir(path.join(dir, relDir), { withFileTypes: true });
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name === "__pycache__") continue;
        if (!relDir && entry.name === "tests") continue;
        await walk(rel);
      } else if (entry.isFile()) {
        if (!relDir && entry.name === "README.md") continue;
        files.push(rel);
      }
    }
  }
  await walk("");
  files.sort((a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
  const outer = createHash("sha256");
  for (const rel of files) {
    const content = await fs.readFile(path.join(dir, rel));
    const inner = createHash("sha256").update(content).digest("hex");
    outer.update(`${rel}\0${inner}\n`, "utf8");
  }
  return `skriptoteket-runner:${outer.digest("hex").slice(0, 16)}`;
}

/**
 * How long a daemon's answer "the image is there" is taken as still true. Every run and every
 * pool refill asks, and each question is an image inspect (a request, and JSON for dockerd to
 * build); an image deleted under a running worker is found at most this much later.
 */
const VERIFIED_FOR_MS = 10_000;
/** Per daemon: the check in progress (settledAt null) or the last one that succeeded. */
const checks = new WeakMap<DockerClient, { tag: Promise<string>; settledAt: number | null }>();

/**
 * Makes sure the runner image exists and returns its tag. When the hash tag is missing it runs
 * `bash runner-image/build.sh` (minutes the first time), streaming the build's output to our
 * stderr. Concurrent callers share one check, and one build.
 */
export function ensureRunnerImage(docker: DockerClient = defaultDocker): Promise<string> {
  const last = checks.get(docker);
  if (last && (last.settledAt === null || performance.now() - last.settledAt < VERIFIED_FOR_MS)) return last.tag;
  const check = { tag: ensure(docker), settledAt: null as number | null };
  checks.set(docker, check);
  check.tag.then(
    () => (check.settledAt = performance.now()),
    () => checks.get(docker) === check && checks.delete(docker), // a failure is not remembered
  );
  return check.tag;
}

async function ensure(docker: DockerClient): Promise<string> {
  const tag = await runnerImageTag();
  if (await imageExists(docker, tag)) return tag;
  if (env.RUNNER_IMAGE) {
    throw new Error(`The runner image ${tag} (RUNNER_IMAGE) does not exist on the Docker daemon.`);
  }
  building ??= runBuild().finally(() => (building = null));
  await building;
  if (!(await imageExists(docker, tag))) {
    throw new Error(`runner-image/build.sh finished but the image ${tag} is still missing.`);
  }
  return tag;
}

async function imageExists(docker: DockerClient, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

let building: Promise<void> | null = null;

function runBuild(): Promise<void> {
  const script = path.join(runnerImageDir(), "build.sh");
  return new Promise((resolve, reject) => {
    const child = execFile("bash", [script], { maxBuffer: 64 * 1024 * 1024 }, (error) => {
      if (error) reject(new Error(`Building the runner image failed: ${error.message}`));
      else resolve();
    });
    child.stdout?.pipe(process.stderr, { end: false });
    child.stderr?.pipe(process.stderr, { end: false });
  });
}
