import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The Prometheus metrics of this process (README, "Operating it"). Web and workers each have
 * their own registry and endpoint: the web process at /api/metrics, each worker on
 * WORKER_METRICS_PORT. Names start with `skriptoteket_`. Labels are closed sets only —
 * context, status, HTTP method, route template, status code — never an id, a name, an e-mail
 * or a raw path, so nothing personal and no unbounded series.
 */
type Metrics = ReturnType<typeof createMetrics>;

const PREFIX = "skriptoteket_";
// Runs take from a fraction of a second (a trivial script) to the 120 s limit of KÖR.
const RUN_SECONDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];
const HTTP_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const poolSources: (() => PoolStats)[] = [];
  const clusterSources: (() => Promise<ClusterStats>)[] = [];
  let latestCluster: ClusterStats | null = null;

  function sumPool(key: keyof PoolStats): number {
    return poolSources.reduce((sum, source) => sum + (source()[key] ?? 0), 0);
  }
  /** A gauge read from the registered pools at each scrape. */
  const poolGauge = (name: string, help: string, key: keyof PoolStats) =>
    new Gauge({
      name: `${PREFIX}${name}`,
      help,
      registers: [registry],
      collect() {
        this.set(sumPool(key));
      },
    });

  const metrics = {
    registry,
    // --- web process ---
    httpRequestDuration: new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: "HTTP requests by method, route template (never a raw path) and status code.",
      labelNames: ["method", "route", "status"] as const,
      buckets: HTTP_SECONDS,
      registers: [registry],
    }),
    runsQueued: new Counter({
      name: `${PREFIX}runs_queued_total`,
      help: "Runs put in the queue, by context (production = KÖR, sandbox = TESTKÖR).",
      labelNames: ["context"] as const,
      registers: [registry],
    }),
    uploadBytes: new Counter({ name: `${PREFIX}upload_bytes_total`, help: "Bytes of input files received and stored.", registers: [registry] }),
    uploadFiles: new Counter({ name: `${PREFIX}upload_files_total`, help: "Input files received and stored.", registers: [registry] }),
    downloadBytes: new Counter({ name: `${PREFIX}download_bytes_total`, help: "Bytes of run files sent (single files and zips).", registers: [registry] }),
    // --- worker process ---
    runsFinished: new Counter({
      name: `${PREFIX}runs_finished_total`,
      help: "Runs this worker finished, by context and final status.",
      labelNames: ["context", "status"] as const,
      registers: [registry],
    }),
    queueWait: new Histogram({
      name: `${PREFIX}run_queue_wait_seconds`,
      help: "Time from KÖR/TESTKÖR to a worker taking the run.",
      labelNames: ["context"] as const,
      buckets: RUN_SECONDS,
      registers: [registry],
    }),
    executionTime: new Histogram({
      name: `${PREFIX}run_execution_seconds`,
      help: "Time from a worker taking the run to its outcome being stored.",
      labelNames: ["context", "status"] as const,
      buckets: RUN_SECONDS,
      registers: [registry],
    }),
    workerRunsInProgress: new Gauge({ name: `${PREFIX}worker_runs_in_progress`, help: "Runs this worker is executing now.", registers: [registry] }),
    workerConcurrency: new Gauge({ name: `${PREFIX}worker_concurrency`, help: "Runs this worker may execute at once (RUNNER_MAX_CONCURRENCY).", registers: [registry] }),
    poolIdle: poolGauge("pool_idle_containers", "Warm containers waiting for a run (0 without a pool).", "idle"),
    poolPreloaded: poolGauge("pool_preloaded_containers", "Of the waiting warm containers, those with the heavy libraries imported.", "preloaded"),
    poolSize: poolGauge("pool_size_containers", "Target size of the warm container pool (RUNNER_POOL_SIZE; 0 without a pool).", "target"),
    // --- the whole installation, read from Postgres at scrape time: registered by the process
    // that reads them (the web, registerClusterStats), so a worker never reports
    // "workers_alive 0" for an alert to trip on ---
    queueDepth: new Gauge({ name: `${PREFIX}queue_depth`, help: "Runs waiting in the queue now, all workers.", labelNames: ["context"] as const, registers: [] }),
    runsRunning: new Gauge({ name: `${PREFIX}runs_running`, help: "Runs executing now, all workers.", labelNames: ["context"] as const, registers: [] }),
    workersAlive: new Gauge({ name: `${PREFIX}workers_alive`, help: "Workers with a fresh heartbeat.", registers: [] }),
    workersBusy: new Gauge({ name: `${PREFIX}workers_busy`, help: "Live workers executing at least one run.", registers: [] }),
    workerSlots: new Gauge({ name: `${PREFIX}worker_slots`, help: "Runs all live workers may execute at once.", registers: [] }),
    databaseUp: new Gauge({ name: `${PREFIX}database_up`, help: "1 when this scrape could read Postgres, else 0.", registers: [] }),
  };

  return {
    ...metrics,
    poolSources,
    clusterSources,
    /** The text a scrape gets; refreshes the installation-wide gauges first. */
    async render(): Promise<string> {
      if (clusterSources.length > 0) {
        try {
          const stats = await Promise.all(clusterSources.map((source) => source()));
          latestCluster = stats[stats.length - 1] ?? null;
          metrics.databaseUp.set(1);
        } catch {
          // Postgres down: the installation-wide gauges keep their last values.
          latestCluster = null;
          metrics.databaseUp.set(0);
        }
        if (latestCluster) {
          metrics.queueDepth.reset();
          metrics.runsRunning.reset();
          for (const [context, count] of Object.entries(latestCluster.queued)) metrics.queueDepth.set({ context }, count);
          for (const [context, count] of Object.entries(latestCluster.running)) metrics.runsRunning.set({ context }, count);
          metrics.workersAlive.set(latestCluster.workersAlive);
          metrics.workersBusy.set(latestCluster.workersBusy);
          metrics.workerSlots.set(latestCluster.workerSlots);
        }
      }
      return registry.metrics();
    },
  };
}

/** What a warm container pool reports (issue 9): idle (and preloaded) containers now and the target size. */
export type PoolStats = { idle: number; preloaded: number; target: number };

/** Installation-wide numbers read from Postgres, by run context where it matters. */
export type ClusterStats = {
  queued: Record<string, number>;
  running: Record<string, number>;
  workersAlive: number;
  workersBusy: number;
  workerSlots: number;
};

// One registry per process, kept across dev-mode module reloads.
const holder = globalThis as typeof globalThis & { __skriptoteketMetrics?: Metrics };
export const metrics: Metrics = (holder.__skriptoteketMetrics ??= createMetrics());

/**
 * The warm pool's hook: the pool calls this once with its `poolStats()` and the
 * skriptoteket_pool_* gauges read it at every scrape. Until then they read 0.
 */
export function registerPoolStats(source: () => PoolStats): void {
  metrics.poolSources.push(source);
}

/** The web process registers the Postgres reader of the installation-wide gauges. */
export function registerClusterStats(source: () => Promise<ClusterStats>): void {
  if (metrics.clusterSources.length === 0) {
    for (const gauge of [metrics.queueDepth, metrics.runsRunning, metrics.workersAlive, metrics.workersBusy, metrics.workerSlots, metrics.databaseUp]) {
      metrics.registry.registerMetric(gauge);
    }
  }
  metrics.clusterSources.push(source);
}

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
