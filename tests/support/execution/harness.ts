/**
 * Shared pieces of the execution integration tests: a temporary artifact store per test file,
 * a runner that goes through the production path (executeScript), and the host-side checks
 * every sandbox case makes (no container, no stray file left behind; runs use tmpfs only, so
 * there is no volume to leave).
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { expect } from "vitest";
import { FilesystemArtifactStore } from "@/server/artifacts/filesystem-artifact-store";
import { LABEL_POOL, LABEL_RUN_ID, RUNNER_UID, WORK_DIR } from "@/server/execution/container-spec";
import { docker } from "@/server/execution/docker-client";
import { containersRemoved, defaultRunnerLimits, type InputFile, type RunnerContainer } from "@/server/execution/docker-runner";
import { executeScript, type ExecuteScriptInput, type ExecuteScriptResult } from "@/server/execution/execute-script";
import { RunnerPool } from "@/server/execution/pool";
import { listManagedContainers } from "@/server/execution/reaper";
import { ensureRunnerImage } from "@/server/execution/runner-image";

export { docker };

/**
 * How the harness runs a script: `cold` creates and starts the run's container at the hand-over
 * (as with an empty pool); `warm` hands the job to a warm-pool container that was created,
 * started and preloaded, and was waiting on stdin, before the run — as a worker does. The
 * contract and sandbox suites run in both (describe.each(RUN_MODES)).
 */
export type RunMode = "cold" | "warm";
export const RUN_MODES: readonly RunMode[] = ["cold", "warm"];
/** Long enough for every case's timeout, so that no warm case falls back to cold. */
const WARM_MAX_TIMEOUT_SECONDS = 900;

export interface Harness {
  mode: RunMode;
  root: string;
  store: FilesystemArtifactStore;
  /** Every run id this file used, for the leftovers checks. */
  runIds: string[];
  newRunId(): string;
  run(script: string, options?: Partial<ExecuteScriptInput>): Promise<ExecuteScriptResult & { runId: string }>;
  /**
   * For cases that call runContainer directly: a waiting pool container (warm), or null (cold).
   * The case's run removes it.
   */
  containerFor(timeoutSeconds: number, hardTimeoutMs?: number): Promise<RunnerContainer | null>;
  cleanup(): Promise<void>;
}

export async function createHarness(name: string, mode: RunMode = "cold"): Promise<Harness> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), `skriptoteket-${name}-`));
  const store = new FilesystemArtifactStore(root);
  const runIds: string[] = [];
  const newRunId = () => {
    const id = `test-${name}-${randomUUID()}`;
    runIds.push(id);
    return id;
  };
  // Warm: one pool of the default limits, refilled after every run like a worker's (the next
  // container preloads while the case runs and checks its result); cases with other limits get
  // a one-container pool of their own.
  // Two, so that one is usually ready while the other preloads.
  const pool = mode === "warm" ? new RunnerPool({ size: 2, maxTimeoutSeconds: WARM_MAX_TIMEOUT_SECONDS }).start() : null;
  const poolIds: string[] = pool ? [pool.id] : [];
  const poolFor = async (limits: ExecuteScriptInput["limits"]): Promise<{ pool: RunnerPool | null; done: () => Promise<void> }> => {
    if (!pool) return { pool: null, done: async () => undefined };
    const merged = { ...defaultRunnerLimits(), ...limits };
    const custom = Object.entries(limits ?? {}).some(([key, value]) => defaultRunnerLimits()[key as keyof typeof merged] !== value);
    if (!custom) {
      await pool.whenIdle();
      return { pool, done: async () => undefined };
    }
    const own = new RunnerPool({ size: 1, refill: false, limits: merged, maxTimeoutSeconds: WARM_MAX_TIMEOUT_SECONDS });
    poolIds.push(own.id);
    await own.whenIdle();
    return { pool: own, done: () => own.stop() };
  };
  return {
    mode,
    root,
    store,
    runIds,
    newRunId,
    async run(script, options = {}) {
      const runId = options.runId ?? newRunId();
      const { pool: runPool, done } = await poolFor(options.limits);
      try {
        const result = await executeScript({ runId, script, timeoutSeconds: 20, store, pool: runPool, ...options });
        await containersRemoved();
        // A warm case that silently went cold would test the cold path twice.
        if (options.pool === undefined && result.containerId !== null) expect(result.warm, "served by a warm-pool container").toBe(mode === "warm");
        return { ...result, runId };
      } finally {
        await done();
      }
    },
    async containerFor(timeoutSeconds, hardTimeoutMs) {
      if (!pool) return null;
      await pool.whenIdle();
      const container = pool.take({ image: await ensureRunnerImage(), limits: defaultRunnerLimits(), timeoutSeconds, hardTimeoutMs });
      expect(container).not.toBeNull();
      return container;
    },
    async cleanup() {
      await pool?.stop();
      // Nothing of the harness's pools is left: neither idle containers nor served ones.
      for (const id of poolIds) {
        expect(await docker.listContainers({ all: true, filters: { label: [`${LABEL_POOL}=${id}`] } })).toEqual([]);
      }
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

export function inputFile(name: string, content: string | Buffer): InputFile {
  const bytes = Buffer.from(content);
  return { name, bytes: bytes.length, open: () => Readable.from([bytes]) };
}

/** Containers Docker still has for these run ids. */
export async function leftovers(runIds: readonly string[]): Promise<string[]> {
  const containers = await listManagedContainers(docker);
  return containers
    .filter((container) => runIds.includes(container.Labels?.[LABEL_RUN_ID] ?? ""))
    .map((container) => `container ${container.Id.slice(0, 12)} (${container.Labels?.[LABEL_RUN_ID]}, ${container.State})`);
}

export async function containerExists(id: string): Promise<boolean> {
  try {
    await docker.getContainer(id).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/** Every entry under the store root, relative; anything that is not a plain file is marked. */
export async function storeEntries(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) found.push(relative);
      else found.push(`${relative} (NOT A REGULAR FILE)`);
    }
  }
  await walk(root);
  return found.sort();
}

/**
 * The host is unharmed after `result`: no container of the run is left, the store
 * holds exactly the run's reported artifacts (no temp files, nothing partial, no links).
 */
export async function expectHostClean(harness: Harness, result: ExecuteScriptResult & { runId: string }): Promise<void> {
  expect(await leftovers([result.runId])).toEqual([]);
  // Never reused: the container that served the run (cold or warm) is gone, whatever the outcome.
  if (result.containerId !== null) expect(await containerExists(result.containerId)).toBe(false);
  const entries = (await storeEntries(harness.root)).filter((entry) => entry.startsWith(`runs/${result.runId}/`));
  expect(entries).toEqual(result.artifacts.map((artifact) => artifact.key).sort());
  expect((await storeEntries(harness.root)).filter((entry) => entry.includes(".tmp-") || entry.includes("NOT A"))).toEqual([]);
}

export const TRIVIAL_SCRIPT = `
def run_tool(input_dir, output_dir):
    return "<p>ok</p>"
`;

/** The next run after a hostile one works normally. */
export async function expectNextRunWorks(harness: Harness): Promise<void> {
  const result = await harness.run(TRIVIAL_SCRIPT);
  expect(result.status).toBe("succeeded");
  expect(result.outputs).toEqual([{ kind: "html_sandboxed", html: "<p>ok</p>" }]);
  await expectHostClean(harness, result);
}

export function jsonOutput(result: ExecuteScriptResult): Record<string, unknown> {
  const output = result.outputs.find((o) => o.kind === "json");
  if (!output || output.kind !== "json") throw new Error(`no json output: ${JSON.stringify(result).slice(0, 2000)}`);
  return output.value as Record<string, unknown>;
}

const execFileAsync = promisify(execFile);

/**
 * `docker run --rm` of the real runner image, outside the platform's runner, as the runner user
 * without network, capabilities or a writable root (tmpfs /tmp and /work as a run has them):
 * for tests of the wrapper's own streams and modules. `args` follow the image (its command by
 * default); `stdin` is written and closed.
 */
export async function runImage(options: { args?: string[]; entrypoint?: string; env?: Record<string, string>; stdin?: Buffer }): Promise<{ stdout: Buffer; stderr: Buffer }> {
  const image = await ensureRunnerImage();
  const flags = [
    "run", "--rm", "-i", "--network", "none", "--read-only", "--user", `${RUNNER_UID}:${RUNNER_UID}`, "--cap-drop", "ALL",
    "--tmpfs", "/tmp:rw,noexec,nosuid,nodev,size=64m",
    "--tmpfs", `${WORK_DIR}:rw,nosuid,nodev,size=64m,uid=${RUNNER_UID},gid=${RUNNER_UID},mode=0700`,
    ...Object.entries(options.env ?? {}).flatMap(([key, value]) => ["-e", `${key}=${value}`]),
    ...(options.entrypoint ? ["--entrypoint", options.entrypoint] : []),
  ];
  const child = execFileAsync("docker", [...flags, image, ...(options.args ?? [])], { encoding: "buffer", maxBuffer: 64 * 1024 * 1024 });
  child.child.stdin!.end(options.stdin ?? Buffer.alloc(0));
  return child;
}
