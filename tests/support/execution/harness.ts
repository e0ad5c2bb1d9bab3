/**
 * Shared pieces of the execution integration tests: a temporary artifact store per test file,
 * a runner that goes through the production path (executeScript), and the host-side checks
 * every sandbox case makes (no container, no stray file left behind; runs use tmpfs only, so
 * there is no volume to leave).
 */
import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { expect } from "vitest";
import { FilesystemArtifactStore } from "@/server/artifacts/filesystem-artifact-store";
import { LABEL_RUN_ID } from "@/server/execution/container-spec";
import { docker } from "@/server/execution/docker-client";
import type { InputFile } from "@/server/execution/docker-runner";
import { executeScript, type ExecuteScriptInput, type ExecuteScriptResult } from "@/server/execution/execute-script";
import { listManagedContainers } from "@/server/execution/reaper";

export { docker };

export interface Harness {
  root: string;
  store: FilesystemArtifactStore;
  /** Every run id this file used, for the leftovers checks. */
  runIds: string[];
  newRunId(): string;
  run(script: string, options?: Partial<ExecuteScriptInput>): Promise<ExecuteScriptResult & { runId: string }>;
  cleanup(): Promise<void>;
}

export async function createHarness(name: string): Promise<Harness> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), `skriptoteket-${name}-`));
  const store = new FilesystemArtifactStore(root);
  const runIds: string[] = [];
  const newRunId = () => {
    const id = `test-${name}-${randomUUID()}`;
    runIds.push(id);
    return id;
  };
  return {
    root,
    store,
    runIds,
    newRunId,
    async run(script, options = {}) {
      const runId = options.runId ?? newRunId();
      const result = await executeScript({ runId, script, timeoutSeconds: 20, store, ...options });
      return { ...result, runId };
    },
    async cleanup() {
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
