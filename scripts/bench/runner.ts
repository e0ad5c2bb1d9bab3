/**
 * `npm run bench:runner` — what the platform adds on top of a bare `docker run`, measured in
 * one run on this machine, for the same trivial script under the same limits:
 *   (a) `docker run --rm` of the script, via the docker CLI (the baseline);
 *   (b) the CLI path: executeScript(), exactly what `npm run cli -- run-script` calls
 *       (image check, container, stdin/stdout tar, normalizer), in-process;
 *   (c) the queue path: queueRun() in a transaction → worker picks it up → result stored,
 *       timed until the finished run's NOTIFY arrives; cold (the pool serves nobody);
 *   (d) the same with the warm pool: the worker hands the job to a container that was
 *       created, started and preloaded before the run (the pool is full before each sample);
 *   (e) a tool that imports pandas and reads a small CSV, through executeScript, cold and on
 *       a pool container.
 * RUNS samples each after WARMUP, interleaved so background noise hits all alike. Then the
 * memory of one idle pool container. The last line is one JSON object (ratios of medians).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { env } from "../../src/env";
import { FilesystemArtifactStore } from "../../src/server/artifacts/filesystem-artifact-store";
import { getDb, getSql, setDatabaseUrl } from "../../src/server/db/client";
import { prepareDatabase } from "../../src/server/db/prepare-database";
import { Readable } from "node:stream";
import { LABEL_POOL } from "../../src/server/execution/container-spec";
import { docker as dockerClient } from "../../src/server/execution/docker-client";
import { containersRemoved } from "../../src/server/execution/docker-runner";
import { executeScript } from "../../src/server/execution/execute-script";
import { RunnerPool, type TakeOptions } from "../../src/server/execution/pool";
import { RUN_EVENTS_CHANNEL } from "../../src/server/execution/queue";
import { ensureRunnerImage } from "../../src/server/execution/runner-image";
import { startWorker } from "../../src/server/execution/worker";
import { queueRun } from "../../src/server/services/queue-run";
import { toolRuns } from "../../src/server/db/schema";
import { bareDockerRun, insertBenchTool, SCRIPT } from "./bench-tool";
import { printRow, summarize, timeIt } from "./stats";

const RUNS = Number(process.argv.find((arg) => arg.startsWith("--runs="))?.slice(7) ?? 20);
const WARMUP = 3;
const PANDAS_SCRIPT = `import pandas as pd
from skriptoteket_toolkit import list_input_files

def run_tool(input_dir, output_dir):
    df = pd.read_csv(list_input_files()[0]["path"], sep=";")
    return f"<p>{len(df)} elever, medel {df['poang'].mean():.1f}</p>"
`;
const CSV = Buffer.from(["namn;klass;poang", ...Array.from({ length: 30 }, (_, i) => `Elev ${i};7B;${(i * 7) % 20}`)].join("\n") + "\n");

/** The worker's pool, switched off for the cold samples (it keeps its waiting container). */
class SwitchablePool extends RunnerPool {
  serving = true;
  override take(options: TakeOptions) {
    return this.serving ? super.take(options) : null;
  }
}

/** Memory of a container as `docker stats` shows it (usage minus page cache), in MB. */
async function containerMemoryMb(id: string): Promise<number> {
  const stats = (await dockerClient.getContainer(id).stats({ stream: false })) as {
    memory_stats: { usage?: number; stats?: Record<string, number> };
  };
  const { usage = 0, stats: detail = {} } = stats.memory_stats;
  const cache = detail.inactive_file ?? detail.total_inactive_file ?? detail.cache ?? 0;
  return Math.round((usage - cache) / 1024 / 1024);
}

async function main() {
  const database = await prepareDatabase({ seedDemo: false, databaseName: "skriptoteket_bench" });
  setDatabaseUrl(database.url);
  const db = getDb();
  const image = await ensureRunnerImage();
  const store = new FilesystemArtifactStore(fs.mkdtempSync(path.join(os.tmpdir(), "bench-artifacts-")));

  const { owner, tool, version } = await insertBenchTool(db, "bench");

  const pool = new SwitchablePool({ size: 1 }).start();
  const worker = await startWorker({
    workerId: `bench-${process.pid}`,
    databaseUrl: database.url,
    db,
    store,
    concurrency: 1,
    staleSeconds: env.WORKER_STALE_SECONDS,
    pool,
  });

  // Finished runs announce themselves on RUN_EVENTS_CHANNEL; resolve the waiter for that run.
  const waiters = new Map<string, () => void>();
  const subscription = await getSql().listen(RUN_EVENTS_CHANNEL, async (runId) => {
    const waiter = waiters.get(runId);
    if (!waiter) return;
    const [row] = await db.select({ status: toolRuns.status }).from(toolRuns).where(eq(toolRuns.id, runId));
    if (row && row.status !== "queued" && row.status !== "running") waiter();
  });

  const viaCli = async () => {
    const result = await executeScript({ runId: crypto.randomUUID(), script: SCRIPT, timeoutSeconds: 60, store });
    if (result.status !== "succeeded") throw new Error(`cli path: ${result.status} ${result.errorSummary}`);
  };
  const viaQueue = async () => {
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const { runId } = await db.transaction(async (tx) => {
      const queued = await queueRun(tx, {
        toolId: tool.id, userId: owner.id, context: "production", script: { versionId: version.id },
        inputFiles: [], inputValues: {}, settings: {},
      });
      waiters.set(queued.runId, done);
      return queued;
    });
    await finished;
    waiters.delete(runId);
    const [row] = await db.select({ status: toolRuns.status }).from(toolRuns).where(eq(toolRuns.id, runId));
    if (row?.status !== "succeeded") throw new Error(`queue path: ${row?.status}`);
  };

  const pandasRun = async (withPool: boolean) => {
    const result = await executeScript({
      runId: crypto.randomUUID(),
      script: PANDAS_SCRIPT,
      timeoutSeconds: 60,
      store,
      inputFiles: [{ name: "elever.csv", bytes: CSV.length, open: () => Readable.from([CSV]) }],
      pool: withPool ? pool : null,
    });
    if (result.status !== "succeeded") throw new Error(`pandas: ${result.status} ${result.errorSummary} ${result.stderr}`);
    if (result.warm !== withPool) throw new Error(`pandas: expected warm=${withPool}`);
  };

  const samples = {
    docker: [] as number[], cli: [] as number[], queue: [] as number[], pool: [] as number[],
    pandasCold: [] as number[], pandasPool: [] as number[],
  };
  // Every sample starts with the pool full and the previous container removed, so no refill
  // or removal competes with it for the CPU.
  const settle = async () => {
    await containersRemoved();
    await pool.whenIdle();
  };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    await settle();
    pool.serving = false;
    const a = await timeIt(() => bareDockerRun(image));
    const b = await timeIt(viaCli);
    await settle();
    const c = await timeIt(viaQueue);
    await settle();
    const eCold = await timeIt(() => pandasRun(false));
    await settle();
    pool.serving = true;
    const d = await timeIt(viaQueue);
    await settle();
    const ePool = await timeIt(() => pandasRun(true));
    if (i >= WARMUP) {
      samples.docker.push(a);
      samples.cli.push(b);
      samples.queue.push(c);
      samples.pool.push(d);
      samples.pandasCold.push(eCold);
      samples.pandasPool.push(ePool);
    }
  }

  await pool.whenIdle();
  const idleMb: number[] = [];
  for (let i = 0; i < 3; i++) idleMb.push(await containerMemoryMb(pool.idleContainerIds()[0]!));
  const poolIdleMb = Math.max(...idleMb);

  await subscription.unlisten();
  await worker.stop();
  await pool.stop();
  const left = await dockerClient.listContainers({ all: true, filters: { label: [`${LABEL_POOL}=${pool.id}`] } });
  if (left.length > 0) throw new Error(`${left.length} pool containers left behind`);
  fs.rmSync(store.root, { recursive: true, force: true });

  const docker = summarize(samples.docker);
  const cli = summarize(samples.cli);
  const queue = summarize(samples.queue);
  const poolPath = summarize(samples.pool);
  const pandasCold = summarize(samples.pandasCold);
  const pandasPool = summarize(samples.pandasPool);
  const ratio = (x: { median: number }, y: { median: number }) => Number((x.median / y.median).toFixed(2));
  console.log(`\nRunner benchmark: ${RUNS} runs each after ${WARMUP} warm-up, image ${image}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  printRow("(a) docker run --rm (baseline)", docker);
  printRow("(b) CLI path (executeScript)", cli);
  printRow("(c) queue path, cold", queue);
  printRow("(d) queue path, warm pool", poolPath);
  printRow("(e) pandas + CSV, cold", pandasCold);
  printRow("(e) pandas + CSV, warm pool", pandasPool);
  console.log(`idle pool container: ${poolIdleMb} MB`);
  console.log(
    `ratios of medians: b/a ${ratio(cli, docker)}   c/a ${ratio(queue, docker)} (goal ≤ 1.3)   d/a ${ratio(poolPath, docker)} (goal ≤ 0.25)   ` +
      `e pool/cold ${ratio(pandasPool, pandasCold)} (goal ≤ 0.5)`,
  );
  console.log(
    JSON.stringify({
      docker_run_ms: docker, cli_ms: cli, queue_ms: queue, ratio_cli: ratio(cli, docker), ratio_queue: ratio(queue, docker),
      pool_ms: poolPath, ratio_pool: ratio(poolPath, docker),
      pandas_cold_ms: pandasCold, pandas_pool_ms: pandasPool, ratio_pandas: ratio(pandasPool, pandasCold),
      pool_idle_mb: poolIdleMb,
    }),
  );
  await database.stop();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
