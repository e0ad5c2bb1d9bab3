import "server-only";
import { randomUUID } from "node:crypto";
import { env } from "@/env";
import { LABEL_POOL, type ContainerLimits } from "./container-spec";
import { docker as defaultDocker, type DockerClient } from "./docker-client";
import {
  containersRemoved,
  defaultRunnerLimits,
  removeInBackground,
  runHoldMs,
  startRunnerContainer,
  type RunnerContainer,
} from "./docker-runner";
import { ensureRunnerImage } from "./runner-image";

/** What the metrics endpoint reads (issue 12): idle = started and waiting for a run. */
export interface PoolStats {
  /** Pool containers ready to take a run now. */
  idle: number;
  /** Of those, the ones with the heavy libraries imported. */
  preloaded: number;
  /** Pool containers alive and not yet handed over: idle plus those still starting. */
  size: number;
  /** How many the pool keeps (RUNNER_POOL_SIZE). */
  target: number;
  /** Runs so far that took a pool container, and that found none fitting (and went cold). */
  taken: number;
  missed: number;
}

export interface RunnerPoolOptions {
  /** How many idle containers to keep; 0 = no pool (every run goes cold). */
  size: number;
  /** An idle container older than this is replaced (RUNNER_POOL_IDLE_SECONDS). */
  idleLimitMs?: number;
  /** The longest time budget of a run it may serve (sets the containers' deadline label). */
  maxTimeoutSeconds?: number;
  limits?: ContainerLimits;
  docker?: DockerClient;
  /** The current runner image; ensureRunnerImage() by default. */
  image?: () => Promise<string>;
  /** Start a new container whenever one is taken or retired (default); false: fill once. */
  refill?: boolean;
  /**
   * True while every run slot of the worker is busy. Then no container is asked to preload
   * (about a second of CPU that would compete with the runs): containers started meanwhile
   * serve runs without it, which saves them a cold start. A preload is asked once a slot has
   * stayed free for a moment.
   */
  busy?: () => boolean;
}

export interface TakeOptions {
  image: string;
  limits: ContainerLimits;
  timeoutSeconds: number;
  hardTimeoutMs?: number;
}

/** A preloading container that is not ready after this is given up (and replaced). */
const READY_TIMEOUT_MS = 120_000;
/** After Docker refused to start a pool container, wait this long before trying again. */
const RETRY_AFTER_FAILURE_MS = 5_000;
/**
 * A worker slot must stay free this long before a preload is asked (see RunnerPoolOptions.busy),
 * checked every QUIET_CHECK_MS: between two jobs of a burst the next one takes the slot sooner.
 */
const QUIET_BEFORE_PRELOAD_MS = 1_000;
const QUIET_CHECK_MS = 100;

/**
 * The warm pool of one worker: `size` runner containers created, started and waiting on stdin,
 * before any run exists; while a worker slot is free each is asked to import the heavy
 * libraries (the wrapper's --preload protocol, runner-image/README.md), one at a time.
 *
 * - A run takes one (take(), synchronous), a preloaded one first; nothing ever waits for the
 *   pool: no fitting idle container → null → the run goes cold.
 * - Never reused: the run removes its container, whatever the outcome; the pool starts a new
 *   one in the background as the old one goes (not during the run, whose CPU it would take), one
 *   at a time. In a burst (every slot busy) the new ones are not asked to preload, so a burst's
 *   runs skip the container start without paying a preload (see `busy`).
 * - Replaced without serving: containers of an image other than the run's (a newer runner
 *   image), idle longer than idleLimitMs, or whose attach stream broke.
 * - Every container carries LABEL_POOL and a deadline label of its idle limit plus the longest
 *   run it may serve: other processes' reapers on the same daemon leave it alone until then,
 *   and a run is only handed a container whose deadline covers that run (else: cold).
 * - stop() removes every container of the pool that no run took.
 */
export class RunnerPool {
  readonly id = `pool-${randomUUID()}`;
  readonly size: number;
  private readonly idleLimitMs: number;
  private readonly maxTimeoutSeconds: number;
  private readonly limits: ContainerLimits;
  private readonly docker: DockerClient;
  private readonly image: () => Promise<string>;
  private readonly refillEnabled: boolean;
  private readonly busy: () => boolean;
  private readonly waitForQuiet: boolean;
  private quietTimer: NodeJS.Timeout | null = null;
  /** The container importing the heavy libraries now (one at a time: at most one core). */
  private preloading: RunnerContainer | null = null;
  private idle: RunnerContainer[] = [];
  private starting = new Set<Promise<unknown>>();
  private retireTimers = new Map<RunnerContainer, NodeJS.Timeout>();
  private filling: Promise<void> | null = null;
  private waiters: (() => void)[] = [];
  private stopped = false;
  private filledOnce = false;
  private failures = 0;
  private taken = 0;
  private missed = 0;
  private lastError = "";
  private markStopped!: () => void;
  /** Resolves at stop(): a container still preloading is given up at once, not awaited. */
  private readonly stopping = new Promise<void>((resolve) => (this.markStopped = resolve));

  constructor(options: RunnerPoolOptions) {
    this.size = Math.max(0, Math.floor(options.size));
    this.idleLimitMs = options.idleLimitMs ?? env.RUNNER_POOL_IDLE_SECONDS * 1000;
    this.maxTimeoutSeconds =
      options.maxTimeoutSeconds ?? Math.max(env.RUNNER_TIMEOUT_SANDBOX_SECONDS, env.RUNNER_TIMEOUT_PRODUCTION_SECONDS);
    const { memoryBytes, cpus, pidsLimit, tmpSizeBytes, workSizeBytes } = { ...defaultRunnerLimits(), ...options.limits };
    this.limits = { memoryBytes, cpus, pidsLimit, tmpSizeBytes, workSizeBytes };
    this.docker = options.docker ?? defaultDocker;
    this.image = options.image ?? (() => ensureRunnerImage(this.docker));
    this.refillEnabled = options.refill ?? true;
    this.busy = options.busy ?? (() => false);
    this.waitForQuiet = options.busy !== undefined;
  }

  /** Starts filling in the background. */
  start(): this {
    this.refill();
    return this;
  }

  /** The containers waiting for a run now (tests, benchmarks). */
  idleContainerIds(): string[] {
    return this.idle.map((container) => container.id);
  }

  stats(): PoolStats {
    const takeable = this.idle.filter(isTakeable);
    return {
      idle: takeable.length,
      preloaded: takeable.filter((c) => c.isPreloaded).length,
      size: this.idle.length + this.starting.size,
      target: this.size,
      taken: this.taken,
      missed: this.missed,
    };
  }

  /**
   * An idle container for this run, or null (then the run goes cold). Discards on the way the
   * containers that can never serve: outdated image, broken. Idle too long is the retire timer's.
   */
  take(options: TakeOptions): RunnerContainer | null {
    const holdUntil = Date.now() + runHoldMs(options.timeoutSeconds, options.hardTimeoutMs);
    let found: RunnerContainer | null = null;
    for (const candidate of [...this.idle]) {
      if (candidate.broken || candidate.image !== options.image) {
        this.discard(candidate);
        continue;
      }
      // Fits when its deadline covers this run (a longer budget than the pool's goes cold);
      // one busy preloading is passed over (the run would wait for the import).
      const fits = isTakeable(candidate) && sameLimits(this.limits, options.limits) && candidate.deadline.getTime() >= holdUntil;
      if (fits && (!found || (candidate.isPreloaded && !found.isPreloaded))) found = candidate;
    }
    if (found) {
      this.taken += 1;
      this.forget(found);
      found.handedOver = true;
      // Refilled when the run is over: starting a container is CPU the run would compete with.
      found.onRemoval(() => this.refill());
    } else {
      this.missed += 1;
      this.refill();
    }
    return found;
  }

  /**
   * Resolves once at least `count` containers are idle and preloaded (for the CLI's --warm,
   * tests, benchmarks: a pool as a quiet worker has it).
   */
  async whenIdle(count = 1): Promise<void> {
    const wanted = Math.min(count, this.size);
    const failuresBefore = this.failures;
    this.refill();
    while (!this.stopped && this.idle.filter((c) => !c.broken && c.isPreloaded).length < wanted) {
      if (this.failures > failuresBefore) throw new Error(`the warm pool could not start a runner container: ${this.lastError}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Removes every container of the pool that no run took; no refill after this. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.markStopped();
    if (this.quietTimer) clearInterval(this.quietTimer);
    for (const timer of this.retireTimers.values()) clearTimeout(timer);
    this.retireTimers.clear();
    this.wake();
    await Promise.allSettled([...this.starting]);
    const idle = this.idle;
    this.idle = [];
    await Promise.all(idle.map((container) => container.remove()));
    await containersRemoved();
    // Belt and braces: a container whose start failed half-way is still labelled as ours.
    const labelled = await this.docker
      .listContainers({ all: true, filters: { label: [`${LABEL_POOL}=${this.id}`] } })
      .catch(() => []);
    const handedOver = new Set(this.handedOverIds);
    await Promise.all(
      labelled
        .filter((info) => !handedOver.has(info.Id))
        .map((info) => this.docker.getContainer(info.Id).remove({ force: true, v: true }).catch(() => undefined)),
    );
  }

  /** Ids of containers given to runs: those runs remove them. */
  private handedOverIds: string[] = [];

  private forget(container: RunnerContainer) {
    this.idle = this.idle.filter((c) => c !== container);
    clearTimeout(this.retireTimers.get(container));
    this.retireTimers.delete(container);
    this.handedOverIds.push(container.id);
    if (this.handedOverIds.length > 1000) this.handedOverIds.splice(0, 500);
  }

  private discard(container: RunnerContainer) {
    this.idle = this.idle.filter((c) => c !== container);
    clearTimeout(this.retireTimers.get(container));
    this.retireTimers.delete(container);
    removeInBackground(container);
  }

  private refill() {
    if (this.stopped || this.filling || (!this.refillEnabled && this.filledOnce)) return;
    this.filling = this.fillLoop().finally(() => {
      this.filling = null;
      this.filledOnce = true;
      // Taken while this container was starting: go on.
      if (this.idle.length + this.starting.size < this.size) this.refill();
    });
  }

  /**
   * Asks the next idle container that has not preloaded to do so — at once without a `busy`
   * callback, else once a worker slot has stayed free for QUIET_BEFORE_PRELOAD_MS (in a burst
   * the next job takes a freed slot at once).
   */
  private schedulePreload() {
    if (this.stopped || this.preloading || this.quietTimer) return;
    if (!this.idle.some(needsPreload)) return;
    if (!this.waitForQuiet) return this.preloadNext();
    let quietSince = this.busy() ? null : Date.now();
    this.quietTimer = setInterval(() => {
      if (this.busy()) {
        quietSince = null;
        return;
      }
      quietSince ??= Date.now();
      if (Date.now() - quietSince < QUIET_BEFORE_PRELOAD_MS) return;
      clearInterval(this.quietTimer!);
      this.quietTimer = null;
      this.preloadNext();
    }, QUIET_CHECK_MS);
    this.quietTimer.unref();
  }

  private preloadNext() {
    const container = this.idle.find(needsPreload);
    if (this.stopped || this.preloading || !container) return;
    this.preloading = container;
    void Promise.race([container.requestPreload(), sleep(READY_TIMEOUT_MS), this.stopping]).then(() => {
      this.preloading = null;
      if (this.stopped) return;
      if (!container.isPreloaded && this.idle.includes(container)) {
        // Stuck or broken while importing: replaced, never handed a run.
        this.discard(container);
        this.refill();
      }
      this.wake();
      this.schedulePreload();
    });
  }

  private async fillLoop(): Promise<void> {
    while (!this.stopped && this.idle.length + this.starting.size < this.size) {
      const started = this.startOne();
      this.starting.add(started);
      const ok = await started.finally(() => this.starting.delete(started));
      if (!ok && !this.stopped) await sleep(RETRY_AFTER_FAILURE_MS);
    }
  }

  /** One container, started and preloaded; false when Docker or the wrapper failed. */
  private async startOne(): Promise<boolean> {
    let container: RunnerContainer | null = null;
    try {
      const image = await this.image();
      container = await startRunnerContainer({
        image,
        runId: `warm-${randomUUID()}`,
        limits: this.limits,
        deadline: new Date(Date.now() + this.idleLimitMs + runHoldMs(this.maxTimeoutSeconds)),
        poolId: this.id,
        docker: this.docker,
      });
      const ready = await Promise.race([
        container.ready.then(() => true),
        sleep(READY_TIMEOUT_MS).then(() => false),
        this.stopping.then(() => false),
      ]);
      if (!ready || container.broken || this.stopped) {
        if (!ready && !this.stopped) console.error(`[pool] a runner container was not ready after ${READY_TIMEOUT_MS / 1000} s; replacing it`);
        await container.remove();
        return this.stopped;
      }
      const idle = container;
      this.idle.push(idle);
      const timer = setTimeout(() => {
        // Idle too long: replaced by a fresh one (its deadline label must keep covering a run).
        this.discard(idle);
        this.refill();
      }, this.idleLimitMs);
      timer.unref();
      this.retireTimers.set(idle, timer);
      this.wake();
      this.schedulePreload();
      return true;
    } catch (error) {
      console.error("[pool] could not start a runner container:", (error as Error).message);
      if (container) await container.remove();
      this.failures += 1;
      this.lastError = (error as Error).message;
      this.wake();
      return false;
    }
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Idle and not busy importing (a run handed to it would wait for the import). */
function isTakeable(container: RunnerContainer): boolean {
  return !container.preloading || container.isPreloaded;
}

function needsPreload(container: RunnerContainer): boolean {
  return !container.preloading && !container.isPreloaded && !container.broken;
}

function sameLimits(a: ContainerLimits, b: ContainerLimits): boolean {
  return (
    a.memoryBytes === b.memoryBytes &&
    a.cpus === b.cpus &&
    a.pidsLimit === b.pidsLimit &&
    a.tmpSizeBytes === b.tmpSizeBytes &&
    a.workSizeBytes === b.workSizeBytes
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

let activePool: RunnerPool | null = null;

/** The worker registers its pool here so that poolStats() (metrics) can read it. */
export function setActivePool(pool: RunnerPool | null): void {
  activePool = pool;
}

/** The warm pool of this process right now; zeros when it has none. */
export function poolStats(): PoolStats {
  return activePool?.stats() ?? { idle: 0, preloaded: 0, size: 0, target: 0, taken: 0, missed: 0 };
}
