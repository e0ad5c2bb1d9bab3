/**
 * The warm pool (src/server/execution/pool.ts) on real Docker with the real runner image: same
 * hardening as a cold container, never reused, refilled in the background, outdated and stale
 * containers replaced, an empty pool never waited for, left alone by other processes' reapers,
 * removed when its worker stops. The contract and sandbox suites run every case on pool
 * containers too (RUN_MODES in tests/support/execution/harness.ts).
 */
import { eq } from "drizzle-orm";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { toolRuns } from "@/server/db/schema";
import { LABEL_DEADLINE, LABEL_POOL } from "@/server/execution/container-spec";
import { defaultRunnerLimits, runHoldMs, startRunnerContainer } from "@/server/execution/docker-runner";
import { executeScript } from "@/server/execution/execute-script";
import { RunnerPool, poolStats } from "@/server/execution/pool";
import { reapContainers } from "@/server/execution/reaper";
import { ensureRunnerImage } from "@/server/execution/runner-image";
import { startWorker } from "@/server/execution/worker";
import { queueRun } from "@/server/services/queue-run";
import { createTestTool, createTestUser } from "../../support/db";
import { TRIVIAL_SCRIPT, containerExists, createHarness, docker, type Harness } from "../../support/execution/harness";

let image: string;
let h: Harness;

beforeAll(async () => {
  image = await ensureRunnerImage();
  h = await createHarness("pool");
}, 900_000);
afterAll(async () => {
  await h?.cleanup();
});

const poolContainers = async (pool: RunnerPool) =>
  docker.listContainers({ all: true, filters: { label: [`${LABEL_POOL}=${pool.id}`] } });

async function waitFor<T>(what: string, check: () => Promise<T | null | false> | T | null | false, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Generous: on a busy machine a container's preload alone can take many seconds.
describe("warm pool", { timeout: 180_000 }, () => {
  it("a pool container carries exactly the cold container's hardening, limits and environment", async () => {
    const deadline = new Date(Date.now() + 600_000);
    const limits = defaultRunnerLimits();
    const cold = await startRunnerContainer({ image, runId: h.newRunId(), limits, deadline });
    const warm = await startRunnerContainer({ image, runId: "warm-hardening", limits, deadline, poolId: "pool-hardening-test" });
    try {
      const [c, w] = (await Promise.all([cold.container.inspect(), warm.container.inspect()])) as Docker.ContainerInspectInfo[];
      expect(w!.HostConfig).toEqual(c!.HostConfig);
      expect(c!.HostConfig).toMatchObject({ ReadonlyRootfs: true, CapDrop: ["ALL"], NetworkMode: "none", Privileged: false });
      const { Labels: coldLabels, Cmd: coldCmd, ...coldConfig } = c!.Config;
      const { Labels: warmLabels, Cmd: warmCmd, ...warmConfig } = w!.Config;
      expect(warmConfig).toEqual(coldConfig);
      expect(coldCmd ?? []).toEqual([]);
      expect(warmCmd).toEqual(["--preload"]);
      expect(Object.keys(warmLabels).sort()).toEqual([...Object.keys(coldLabels), LABEL_POOL].sort());
    } finally {
      await Promise.all([cold.remove(), warm.remove()]);
    }
  });

  it("a run takes a waiting container, which is removed after; a fresh one takes its place; the time limit counts from the hand-over", async () => {
    const pool = new RunnerPool({ size: 1 }).start();
    try {
      await pool.whenIdle();
      const [first] = pool.idleContainerIds();
      expect(pool.stats()).toEqual({ idle: 1, preloaded: 1, size: 1, target: 1, taken: 0, missed: 0 });
      // Idle longer than the run's whole time budget: the budget starts at the hand-over.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const result = await h.run("import time\ndef run_tool(i, o):\n    time.sleep(1)\n    return 'klar'\n", { pool, timeoutSeconds: 2 });
      expect(result).toMatchObject({ status: "succeeded", warm: true, containerId: first });
      expect(pool.stats()).toMatchObject({ taken: 1, missed: 0 });
      expect(await containerExists(first!)).toBe(false);
      await pool.whenIdle();
      const [second] = pool.idleContainerIds();
      expect(second).not.toBe(first);
      // A failed run does not give its container back either.
      const failed = await h.run("def run_tool(i, o):\n    raise RuntimeError('nej')\n", { pool });
      expect(failed).toMatchObject({ status: "failed", warm: true, containerId: second });
      expect(await containerExists(second!)).toBe(false);
    } finally {
      await pool.stop();
    }
    expect(await poolContainers(pool)).toEqual([]);
  });

  it("an empty pool never makes a run wait: it runs cold", async () => {
    const pool = new RunnerPool({ size: 1 }).start();
    try {
      // The pool's first container is still being created and preloaded.
      const result = await h.run(TRIVIAL_SCRIPT, { pool });
      expect(result).toMatchObject({ status: "succeeded", warm: false });
      // A run whose limits the pool's containers do not have runs cold too, and leaves them.
      await pool.whenIdle();
      const idle = pool.idleContainerIds();
      const other = await h.run(TRIVIAL_SCRIPT, { pool, limits: { memoryBytes: 256 * 1024 * 1024 } });
      expect(other).toMatchObject({ status: "succeeded", warm: false });
      expect(pool.idleContainerIds()).toEqual(idle);
    } finally {
      await pool.stop();
    }
    expect(await poolContainers(pool)).toEqual([]);
  });

  it("a container of another runner image is removed, not handed over", async () => {
    // The same image under another name of our own stands for "the image this container was
    // made from is no longer the current one" (runner-image/ changed). Not :latest: other
    // checkouts on this daemon re-point it.
    const tag = `pool-test-outdated-${process.pid}`;
    await docker.getImage(image).tag({ repo: "skriptoteket-runner", tag });
    const pool = new RunnerPool({ size: 1, image: async () => `skriptoteket-runner:${tag}` }).start();
    try {
      await pool.whenIdle();
      const [outdated] = pool.idleContainerIds();
      const result = await h.run(TRIVIAL_SCRIPT, { pool });
      expect(result).toMatchObject({ status: "succeeded", warm: false });
      await waitFor("the outdated container to be removed", async () => !(await containerExists(outdated!)));
    } finally {
      await pool.stop();
      await docker.getImage(`skriptoteket-runner:${tag}`).remove();
    }
  });

  it("a container idle longer than the limit is replaced by a fresh one", async () => {
    const pool = new RunnerPool({ size: 1, idleLimitMs: 1500 }).start();
    try {
      await pool.whenIdle();
      const [stale] = pool.idleContainerIds();
      await waitFor("the stale container to be removed", async () => !(await containerExists(stale!)));
      await waitFor("a fresh one", () => pool.idleContainerIds().some((id) => id !== stale));
    } finally {
      await pool.stop();
    }
    expect(await poolContainers(pool)).toEqual([]);
  });

  it("carries a deadline of its idle limit plus the longest run, so other reapers on the daemon leave it alone", async () => {
    const idleLimitMs = 60_000;
    const pool = new RunnerPool({ size: 1, idleLimitMs, maxTimeoutSeconds: 120 }).start();
    try {
      const before = Date.now();
      await pool.whenIdle();
      const [id] = pool.idleContainerIds();
      const [info] = await poolContainers(pool);
      const deadline = Number(info!.Labels[LABEL_DEADLINE]);
      expect(deadline).toBeGreaterThanOrEqual(before + idleLimitMs + runHoldMs(120));
      // What another worker's (or test suite's) heartbeat does: remove what is past its deadline.
      await reapContainers();
      expect(await containerExists(id!)).toBe(true);
      // A run whose budget the deadline would not cover gets no pool container.
      const long = await h.run(TRIVIAL_SCRIPT, { pool, timeoutSeconds: 3600 });
      expect(long).toMatchObject({ status: "succeeded", warm: false });
      expect(await containerExists(id!)).toBe(true);
    } finally {
      await pool.stop();
    }
    expect(await poolContainers(pool)).toEqual([]);
  });

  it("a worker keeps a pool of its concurrency, serves queued runs from it, and removes it when it stops", async () => {
    const owner = await createTestUser("contributor");
    const { tool, version } = await createTestTool(owner.user.id, TRIVIAL_SCRIPT);
    const worker = await startWorker({
      workerId: `pool-test-${process.pid}`,
      databaseUrl: process.env.DATABASE_URL!,
      db: getDb(),
      store: h.store,
      concurrency: 1,
      staleSeconds: 30,
    });
    const pool = worker.pool!;
    try {
      expect(pool.size).toBe(1);
      await pool.whenIdle();
      expect(poolStats()).toEqual({ idle: 1, preloaded: 1, size: 1, target: 1, taken: 0, missed: 0 });
      const [waiting] = pool.idleContainerIds();
      const { runId } = await getDb().transaction((tx) =>
        queueRun(tx, { toolId: tool.id, userId: owner.user.id, context: "production", script: { versionId: version.id }, inputFiles: [], inputValues: {}, settings: {} }),
      );
      const row = await waitFor("the run to finish", async () => {
        const [current] = await getDb().select().from(toolRuns).where(eq(toolRuns.id, runId));
        return current && current.status !== "queued" && current.status !== "running" ? current : null;
      });
      expect(row.status).toBe("succeeded");
      // It ran in the container that was waiting, which is removed right after the result is stored.
      await waitFor("the served container to be removed", async () => !(await containerExists(waiting!)));
      await pool.whenIdle();
    } finally {
      await worker.stop();
    }
    expect(await poolContainers(pool)).toEqual([]);
    expect(poolStats()).toEqual({ idle: 0, preloaded: 0, size: 0, target: 0, taken: 0, missed: 0 });
  });
});

describe("a pool in a burst", { timeout: 180_000 }, () => {
  it("while every slot is busy it refills without preloading; a run takes such a container; the preload comes once a slot is free", async () => {
    let busy = true;
    const pool = new RunnerPool({ size: 1, busy: () => busy }).start();
    try {
      const light = await waitFor("a started container", () => (pool.stats().idle === 1 && pool.idleContainerIds()[0]) || null);
      expect(pool.stats()).toMatchObject({ idle: 1, preloaded: 0 });
      // Served as it is: the tool gets the contract's environment and imports what it needs itself.
      const result = await executeScript({
        runId: h.newRunId(),
        script: "import os, pandas\ndef run_tool(i, o):\n    return f\"<p>{os.environ['SKRIPTOTEKET_ENTRYPOINT']} {pandas.DataFrame([1]).shape}</p>\"\n",
        timeoutSeconds: 60,
        store: h.store,
        pool,
      });
      expect(result).toMatchObject({ status: "succeeded", warm: true });
      expect(JSON.stringify(result.outputs)).toContain("run_tool (1, 1)");
      await waitFor("the served container to be removed", async () => !(await containerExists(light)));
      // Refilled at once, still busy: started, not preloaded.
      await waitFor("a refill", () => pool.stats().idle === 1);
      expect(pool.stats().preloaded).toBe(0);
      busy = false;
      await pool.whenIdle();
      expect(pool.stats()).toMatchObject({ idle: 1, preloaded: 1 });
    } finally {
      await pool.stop();
    }
    expect(await poolContainers(pool)).toEqual([]);
  });
});

describe("the same pool container cannot serve twice", { timeout: 180_000 }, () => {
  it("take() hands a container out once", async () => {
    const pool = new RunnerPool({ size: 1, refill: false }).start();
    try {
      await pool.whenIdle();
      const take = () => pool.take({ image, limits: defaultRunnerLimits(), timeoutSeconds: 10 });
      const taken = take();
      expect(taken).not.toBeNull();
      expect(take()).toBeNull();
      await executeScript({ runId: h.newRunId(), script: TRIVIAL_SCRIPT, timeoutSeconds: 10, store: h.store, pool });
      await taken!.remove();
    } finally {
      await pool.stop();
    }
    expect(await poolContainers(pool)).toEqual([]);
  });
});
