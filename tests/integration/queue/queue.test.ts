/**
 * The run queue with real Postgres, real Docker and the real runner image: order, capacity,
 * cancellation, and a worker that dies mid-run.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilesystemArtifactStore } from "../../../src/server/artifacts/filesystem-artifact-store";
import { getDb } from "../../../src/server/db/client";
import { toolRuns } from "../../../src/server/db/schema";
import { LABEL_MANAGED, LABEL_RUN_ID } from "../../../src/server/execution/container-spec";
import { docker } from "../../../src/server/execution/docker-client";
import { ensureRunnerImage } from "../../../src/server/execution/runner-image";
import { ABANDONED_RUN_MESSAGE } from "../../../src/server/execution/run-recovery";
import { startWorker } from "../../../src/server/execution/worker";
import { cancelRun } from "../../../src/server/services/cancel-run";
import { queueRun } from "../../../src/server/services/queue-run";
import { createTestTool, createTestUser } from "../../support/db";

const QUICK_TOOL = `
def run_tool(input_dir, output_dir):
    return {"outputs": [{"kind": "notice", "level": "info", "message": "klart"}]}
`;
const SLOW_TOOL = `
import time
def run_tool(input_dir, output_dir):
    time.sleep(60)
    return "för sent"
`;

const STALE_SECONDS = 3;
let store: FilesystemArtifactStore;
let owner: Awaited<ReturnType<typeof createTestUser>>;

async function submit(versionId: string, toolId: string) {
  const queued = await getDb().transaction((tx) =>
    queueRun(tx, { toolId, userId: owner.user.id, context: "production", script: { versionId }, inputFiles: [], inputValues: {}, settings: {} }, { activeLimit: null }),
  );
  ourRunIds.add(queued.runId);
  return queued;
}

async function runRow(runId: string) {
  const [row] = await getDb().select().from(toolRuns).where(eq(toolRuns.id, runId));
  return row!;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * These cases count a run's containers by its run-id label, which a warm-pool container (started
 * before its run) cannot carry: their workers run cold. The pool has its own tests
 * (tests/integration/execution/pool.test.ts).
 */
const NO_POOL = 0;

/** Containers of runs this file created (other suites may run tools on the same daemon). */
const ourRunIds = new Set<string>();
const managedContainers = async () =>
  (await docker.listContainers({ all: true, filters: { label: [`${LABEL_MANAGED}=true`] } })).filter((info) => ourRunIds.has(info.Labels?.[LABEL_RUN_ID] ?? ""));

beforeAll(async () => {
  await ensureRunnerImage();
  store = new FilesystemArtifactStore(fs.mkdtempSync(path.join(os.tmpdir(), "queue-artifacts-")));
  owner = await createTestUser("contributor");
});

afterAll(async () => {
  fs.rmSync(store.root, { recursive: true, force: true });
});

describe("the run queue", () => {
  it("finishes 30 runs submitted at once with concurrency 2, in order, never more than 2 containers at work and 2 in teardown", async () => {
    const { tool, version } = await createTestTool(owner.user.id, QUICK_TOOL);
    const runIds: string[] = [];
    for (let i = 0; i < 30; i++) runIds.push((await submit(version.id, tool.id)).runId);

    let maxContainers = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        maxContainers = Math.max(maxContainers, (await managedContainers()).length);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    const worker = await startWorker({ workerId: "queue-test-a", databaseUrl: process.env.DATABASE_URL!, db: getDb(), store, concurrency: 2, staleSeconds: 30, poolSize: NO_POOL });
    try {
      const rows = await waitFor("all 30 runs", async () => {
        const current = await getDb().select().from(toolRuns).where(inArray(toolRuns.id, runIds));
        return current.every((row) => row.status === "succeeded" || row.status === "failed") ? current : null;
      }, 180_000);
      expect(rows.filter((row) => row.status === "succeeded")).toHaveLength(30);
      // In order of arrival: each run started no earlier than the one queued two places before it.
      const byQueue = runIds.map((id) => rows.find((row) => row.id === id)!);
      for (let i = 2; i < byQueue.length; i++) {
        expect(byQueue[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(byQueue[i - 2]!.startedAt!.getTime());
      }
    } finally {
      sampling = false;
      await sampler;
      await worker.stop();
    }
    expect(maxContainers).toBeGreaterThan(0);
    // Two running a tool, plus at most two of finished runs still being torn down (the worker
    // goes on with its next job meanwhile: removalsAtMost in worker.ts).
    expect(maxContainers).toBeLessThanOrEqual(4);
    expect(await managedContainers()).toHaveLength(0);
  });

  it("cancels a queued run before it starts and a running run by killing its container", async () => {
    const { tool, version } = await createTestTool(owner.user.id, SLOW_TOOL);
    const { runId: running } = await submit(version.id, tool.id);
    const { runId: queued } = await submit(version.id, tool.id);
    const worker = await startWorker({ workerId: "queue-test-b", databaseUrl: process.env.DATABASE_URL!, db: getDb(), store, concurrency: 1, staleSeconds: 30, poolSize: NO_POOL });
    try {
      await waitFor("the first run to start", async () => (await runRow(running)).status === "running");
      await waitFor("its container", async () => (await managedContainers()).length === 1);

      expect(await cancelRun({ actor: owner.actor, input: { runId: queued } })).toEqual({ status: "cancelled" });
      expect((await runRow(queued)).status).toBe("cancelled");

      // Someone else cannot cancel it (and cannot learn that it exists).
      const stranger = await createTestUser("user");
      await expect(cancelRun({ actor: stranger.actor, input: { runId: running } })).rejects.toMatchObject({ code: "NOT_FOUND" });

      expect(await cancelRun({ actor: owner.actor, input: { runId: running } })).toEqual({ status: "cancelling" });
      const finished = await waitFor("the running run to stop", async () => {
        const row = await runRow(running);
        return row.status !== "running" ? row : null;
      }, 20_000);
      expect(finished.status).toBe("cancelled");
      // Removed in the background once the outcome is stored (docker-runner.ts): gone soon, not at once.
      await waitFor("its container to be removed", async () => (await managedContainers()).length === 0, 30_000);
      // The cancelled queued run never started.
      expect((await runRow(queued)).startedAt).toBeNull();
      await expect(cancelRun({ actor: owner.actor, input: { runId: running } })).rejects.toMatchObject({ code: "CONFLICT" });
    } finally {
      await worker.stop();
    }
  });

  it("fails the run of a worker killed mid-run, removes its container, and the next run works", async () => {
    const { tool, version } = await createTestTool(owner.user.id, SLOW_TOOL);
    const child = spawn(process.execPath, ["--conditions", "react-server", "--import", "tsx", "src/cli/index.ts", "worker"], {
      env: { ...process.env, WORKER_STALE_SECONDS: String(STALE_SECONDS), ARTIFACTS_ROOT: store.root, RUNNER_POOL_SIZE: String(NO_POOL) },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let childOutput = "";
    child.stdout.on("data", (chunk) => (childOutput += chunk));
    child.stderr.on("data", (chunk) => (childOutput += chunk));
    try {
      await waitFor("the child worker", async () => childOutput.includes("ready"), 60_000);
      const { runId } = await submit(version.id, tool.id);
      await waitFor("the run to start in the child worker", async () => (await runRow(runId)).status === "running");
      await waitFor("its container", async () => (await managedContainers()).length === 1);

      process.kill(-child.pid!, "SIGKILL");
      // The container outlives its worker until someone cleans up.
      expect(await managedContainers()).toHaveLength(1);

      const survivor = await startWorker({ workerId: "queue-test-c", databaseUrl: process.env.DATABASE_URL!, db: getDb(), store, concurrency: 1, staleSeconds: STALE_SECONDS, poolSize: NO_POOL });
      try {
        const row = await waitFor("the abandoned run to be failed", async () => {
          const current = await runRow(runId);
          return current.status === "failed" ? current : null;
        }, 30_000);
        expect(row.errorSummary).toBe(ABANDONED_RUN_MESSAGE);
        await waitFor("the orphan container to be removed", async () => (await managedContainers()).length === 0, 30_000);

        const { tool: quick, version: quickVersion } = await createTestTool(owner.user.id, QUICK_TOOL);
        const { runId: next } = await submit(quickVersion.id, quick.id);
        const nextRow = await waitFor("the next run", async () => {
          const current = await runRow(next);
          return current.status === "succeeded" ? current : null;
        });
        expect(nextRow.uiPayload).toMatchObject({ outputs: [{ kind: "notice", message: "klart" }] });
      } finally {
        await survivor.stop();
      }
    } finally {
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  });
});
