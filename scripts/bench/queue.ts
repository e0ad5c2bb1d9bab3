/**
 * `npm run bench:queue` — throughput of the run queue against bare Docker, in one run on this
 * machine, for the same trivial script under the same limits:
 *   docker: RUNS bare `docker run --rm` of the script, two at a time (the baseline), once
 *           before the drain and once after: their mean cancels the drift of a shared machine;
 *   drain:  RUNS runs queued at once (one transaction), drained by one worker at concurrency 2
 *           with its warm pool (default size = concurrency, full before the burst), timed from
 *           the enqueue to the last stored result.
 * `lost` = runs that did not end `succeeded`. The last line is one JSON object.
 * `--profile=FILE` also writes a V8 CPU profile of this process during the drain (open it in
 * Chrome's DevTools, or sum it with scripts/bench/profile-summary.ts).
 */
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { env } from "../../src/env";
import { FilesystemArtifactStore } from "../../src/server/artifacts/filesystem-artifact-store";
import { getDb, getSql, setDatabaseUrl } from "../../src/server/db/client";
import { prepareDatabase } from "../../src/server/db/prepare-database";
import { toolRuns } from "../../src/server/db/schema";
import { RUN_EVENTS_CHANNEL } from "../../src/server/execution/queue";
import { ensureRunnerImage } from "../../src/server/execution/runner-image";
import { startWorker } from "../../src/server/execution/worker";
import { queueRun } from "../../src/server/services/queue-run";
import { bareDockerRun, insertBenchTool } from "./bench-tool";
import { cpuMeter, type CpuUse } from "./stats";

const RUNS = Number(process.argv.find((arg) => arg.startsWith("--runs="))?.slice(7) ?? 60);
const PROFILE = process.argv.find((arg) => arg.startsWith("--profile="))?.slice(10);
const CONCURRENCY = 2;

async function main() {
  const database = await prepareDatabase({ seedDemo: false, databaseName: "skriptoteket_bench" });
  setDatabaseUrl(database.url);
  const db = getDb();
  const image = await ensureRunnerImage();
  const store = new FilesystemArtifactStore(fs.mkdtempSync(path.join(os.tmpdir(), "bench-queue-")));

  const { owner, tool, version } = await insertBenchTool(db, "bench-queue");

  // Baseline: RUNS bare docker runs, CONCURRENCY at a time.
  const dockerPhase = async () => {
    const started = performance.now();
    const meter = cpuMeter();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < RUNS) {
          next += 1;
          await bareDockerRun(image);
        }
      }),
    );
    return { seconds: (performance.now() - started) / 1000, use: meter() };
  };
  await bareDockerRun(image);
  const dockerBefore = await dockerPhase();

  const worker = await startWorker({
    workerId: `bench-queue-${process.pid}`,
    databaseUrl: database.url,
    db,
    store,
    concurrency: CONCURRENCY,
    staleSeconds: env.WORKER_STALE_SECONDS,
  });
  await worker.pool?.whenIdle(worker.pool.size);

  // Runs announce every change on RUN_EVENTS_CHANNEL (queued, claimed, finished). Only once each
  // of the RUNS has announced at least twice (so is claimed at least) does the benchmark count
  // the ended ones, at each further announcement: its own queries stay out of the CPU it measures.
  const announcements = new Map<string, number>();
  let runIds: Set<string> = new Set();
  let allDone!: () => void;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const subscription = await getSql().listen(RUN_EVENTS_CHANNEL, async (runId) => {
    if (!runIds.has(runId)) return;
    announcements.set(runId, (announcements.get(runId) ?? 0) + 1);
    if (announcements.size < RUNS || [...announcements.values()].some((count) => count < 2)) return;
    const rows = await db.select({ status: toolRuns.status }).from(toolRuns).where(inArray(toolRuns.id, [...runIds]));
    if (rows.every((row) => row.status !== "queued" && row.status !== "running")) allDone();
  });

  const profiler = PROFILE ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.start");
  }
  const drainStarted = performance.now();
  const drainCpu = cpuMeter();
  const queued = await db.transaction(async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { runId } = await queueRun(tx, {
        toolId: tool.id, userId: owner.id, context: "production", script: { versionId: version.id },
        inputFiles: [], inputValues: {}, settings: {},
      }, { activeLimit: null }); // 60 runs of one user at once: the per-user cap is not what is measured
      ids.push(runId);
    }
    return ids;
  });
  runIds = new Set(queued);
  const timeout = setTimeout(() => allDone(), 600_000);
  await done;
  clearTimeout(timeout);
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const drainUse = drainCpu();
  if (profiler) {
    const { profile } = await profiler.post("Profiler.stop");
    fs.writeFileSync(PROFILE!, JSON.stringify(profile));
    profiler.disconnect();
  }

  const rows = await db.select({ status: toolRuns.status }).from(toolRuns).where(inArray(toolRuns.id, queued));
  const lost = RUNS - rows.filter((row) => row.status === "succeeded").length;
  const poolStats = worker.pool?.stats();

  await subscription.unlisten();
  await worker.stop();
  fs.rmSync(store.root, { recursive: true, force: true });

  const dockerAfter = await dockerPhase();
  const dockerSeconds = (dockerBefore.seconds + dockerAfter.seconds) / 2;
  const dockerUse = meanUse(dockerBefore.use, dockerAfter.use);
  const dockerRate = Number((RUNS / dockerSeconds).toFixed(2));
  const drainRate = Number((RUNS / drainSeconds).toFixed(2));
  const ratio = Number((drainRate / dockerRate).toFixed(2));
  console.log(
    `\nQueue benchmark: ${RUNS} trivial runs, concurrency ${CONCURRENCY}, warm pool ${worker.pool?.size ?? 0}, image ${image}, ` +
      `${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  );
  // CPU per run and the share of all cores in use: whether a phase was bound by CPU or by waiting.
  const perRun = (use: { cpuMs: number }) => Math.round(use.cpuMs / RUNS);
  const split = (use: CpuUse) =>
    Object.entries(use.byProcessMs)
      .map(([name, ms]) => `${name} ${Math.round(ms / RUNS)}`)
      .join(", ");
  console.log(
    `bare docker run --rm, ${CONCURRENCY} at a time   ${dockerSeconds.toFixed(1)} s   ${dockerRate} runs/s   ` +
      `CPU ${perRun(dockerUse)} ms/run, cores ${Math.round(dockerUse.busyShare * 100)} % busy ` +
      `(mean of before ${(RUNS / dockerBefore.seconds).toFixed(2)} and after ${(RUNS / dockerAfter.seconds).toFixed(2)} runs/s)`,
  );
  console.log(
    `queue drained by the worker          ${drainSeconds.toFixed(1)} s   ${drainRate} runs/s   ` +
      `CPU ${perRun(drainUse)} ms/run, cores ${Math.round(drainUse.busyShare * 100)} % busy`,
  );
  console.log(`CPU ms per run by process — docker: ${split(dockerUse)}`);
  console.log(`CPU ms per run by process — drain:  ${split(drainUse)}`);
  console.log(`ratio drain/docker ${ratio} (goal ≥ 1.5)   lost ${lost}   pool after the burst ${JSON.stringify(poolStats)}`);
  console.log(JSON.stringify({ docker_runs_per_s: dockerRate, drain_runs_per_s: drainRate, ratio, lost }));
  await database.stop();
  process.exit(0);
}

/** The mean of two equally long phases' CPU use. */
function meanUse(a: CpuUse, b: CpuUse): CpuUse {
  const byProcessMs = Object.fromEntries(Object.keys(a.byProcessMs).map((name) => [name, (a.byProcessMs[name]! + (b.byProcessMs[name] ?? 0)) / 2]));
  return { busyShare: Number(((a.busyShare + b.busyShare) / 2).toFixed(2)), cpuMs: (a.cpuMs + b.cpuMs) / 2, byProcessMs };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
