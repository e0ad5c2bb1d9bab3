import "server-only";
import type { Socket } from "node:net";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import * as tar from "tar-stream";
import { env } from "@/env";
import type { ArtifactStore } from "@/server/artifacts/artifact-store";
import {
  containerSpec,
  runnerEnvironment,
  type ContainerLimits,
  type RunnerEnvironmentInput,
} from "./container-spec";
import { DockerDemuxer, type DemuxSinks } from "./docker-demux";
import { LiveFrameParser, type LiveEvent } from "./live-frames";
import { docker as defaultDocker, type DockerClient } from "./docker-client";
import { OutputExtractor, type ExtractedOutput } from "./output-extractor";
import type { RawRunResult, RunOutcome } from "./run-result";
import { CappedBuffer } from "./utf8";
import { componentLogger } from "../observability/logger";

const log = componentLogger("runner");

export interface InputFile {
  /** Already validated (checkInputFileNames). */
  name: string;
  bytes: number;
  /** A fresh stream of exactly `bytes` bytes. */
  open(): Readable;
}

export interface RunnerLimits extends ContainerLimits {
  maxArtifactFiles: number;
  maxArtifactBytes: number;
}

export interface RunContainerOptions {
  runId: string;
  /** The runner image tag, from ensureRunnerImage(). */
  image: string;
  script: string;
  entrypoint: string;
  inputFiles: readonly InputFile[];
  inputValues: Record<string, unknown>;
  settings: Record<string, unknown>;
  action?: RunnerEnvironmentInput["action"];
  /** The tool's time budget. The wrapper stops the script at this; the host kills at +5 s. */
  timeoutSeconds: number;
  store: ArtifactStore;
  /** Artifacts are stored under `<artifactPrefix>/output/…`, e.g. `runs/<run id>`. */
  artifactPrefix: string;
  signal?: AbortSignal;
  docker?: DockerClient;
  limits?: Partial<RunnerLimits>;
  /** When the host kills the container; default timeoutSeconds + 5 s. Tests shorten it to
   * exercise the host's kill while the wrapper's own timeout is still far away. */
  hardTimeoutMs?: number;
  /** What the tool prints and reports while it runs (validated and capped; see live-frames.ts). */
  onLive?: (event: LiveEvent) => void;
  /** Called at the hand-over: from then on the tool may have run (a run is never retried after it). */
  onHandOver?: () => void;
  /**
   * The container's removal (and with it the warm pool's refill) starts once this settles: the
   * worker passes the storing of the result, so that Docker's teardown, a few tens of ms of CPU,
   * does not slow the answer down. Default: at once.
   */
  teardownAfter?: Promise<unknown>;
  /**
   * A started, waiting container from the warm pool (RunnerPool.take). Without one the run
   * creates and starts its own container and hands over at once (the cold path); either way
   * the container serves this run only and is removed at the end.
   */
  container?: RunnerContainer | null;
}

/** Grace after the tool's timeout before the host kills the container (the wrapper's own
 * timeout should win and still report logs and a result). */
export const HARD_TIMEOUT_GRACE_MS = 5_000;
/** After the container exited, how long its remaining output may take to arrive and be stored. */
const DRAIN_AFTER_EXIT_MS = 30_000;
/** The container's own stderr: wrapper diagnostics, kept for server logs, besides the live frames. */
const DIAGNOSTICS_MAX_BYTES = 64 * 1024;
/** Output tar bytes beyond the artifacts: logs, result.json, headers. */
const STDOUT_OVERHEAD_BYTES = 16 * 1024 * 1024;
/** The wrapper's line on its stderr when a --preload container is waiting for its job. */
const READY_LINE = "skriptoteket-runner: ready\n";
/** …and when it has imported the heavy libraries, asked by PRELOAD_REQUEST (runner-image/README.md). */
const PRELOADED_LINE = "skriptoteket-runner: preloaded\n";
/** The byte a pool container's wrapper answers, before its job, by preloading. */
const PRELOAD_REQUEST = Buffer.from([0x01]);
/** Status lines are short; an unterminated run of stderr longer than this is diagnostics. */
const STATUS_LINE_MAX = 4096;
/** Creation, the input upload, the kill, the drain and the removal fit well inside this. */
const DEADLINE_MARGIN_MS = DRAIN_AFTER_EXIT_MS * 2 + 120_000;

/** How long a run of this time budget may hold its container, at most (see LABEL_DEADLINE). */
export function runHoldMs(timeoutSeconds: number, hardTimeoutMs?: number): number {
  return (hardTimeoutMs ?? timeoutSeconds * 1000 + HARD_TIMEOUT_GRACE_MS) + DEADLINE_MARGIN_MS;
}

/**
 * A created, attached and started runner container whose wrapper waits for its job on stdin.
 * Attached before start, so nothing it writes is missed; the demuxer's sinks are switched to the
 * run's at the hand-over. Serves exactly one run.
 */
export class RunnerContainer {
  readonly diagnostics = new CappedBuffer(DIAGNOSTICS_MAX_BYTES);
  /** Resolves when the wrapper reported ready (--preload), or at once for a cold container. */
  readonly ready: Promise<void>;
  isReady = false;
  /** The heavy libraries are imported (after requestPreload()). */
  isPreloaded = false;
  /** requestPreload() was called: not handed a run until it is preloaded. */
  preloading = false;
  private markPreloaded!: () => void;
  private readonly preloadedPromise = new Promise<void>((resolve) => (this.markPreloaded = resolve));
  /** The attach stream ended or broke, or the wrapper wrote to stdout before its job: unusable. */
  broken = false;
  handedOver = false;
  private sinks: DemuxSinks;
  private earlyStderr = "";
  private removalListeners: (() => void)[] = [];
  private markReady!: () => void;

  constructor(
    readonly container: Docker.Container,
    readonly socket: Socket,
    readonly demuxer: DockerDemuxer,
    readonly image: string,
    readonly deadline: Date,
    readonly createdAt: Date,
    preload: boolean,
  ) {
    this.ready = new Promise<void>((resolve) => (this.markReady = resolve));
    this.sinks = {
      stdout: () => {
        // Nothing may come before the job: a wrapper that does so is not handed a run.
        this.broken = true;
      },
      // Before the hand-over the wrapper's stderr is status lines (ready, preloaded) and its
      // diagnostics; after it, the run's (the sinks are replaced).
      stderr: (chunk) => {
        this.earlyStderr += chunk.toString("utf8");
        let newline: number;
        while ((newline = this.earlyStderr.indexOf("\n")) >= 0) {
          const line = this.earlyStderr.slice(0, newline + 1);
          this.earlyStderr = this.earlyStderr.slice(newline + 1);
          if (line === READY_LINE) this.setReady();
          else if (line === PRELOADED_LINE) {
            this.isPreloaded = true;
            this.markPreloaded();
          } else this.diagnostics.push(Buffer.from(line));
        }
        if (this.earlyStderr.length > STATUS_LINE_MAX) {
          this.diagnostics.push(Buffer.from(this.earlyStderr));
          this.earlyStderr = "";
        }
      },
    };
    if (!preload) this.setReady();
  }

  get id(): string {
    return this.container.id;
  }

  /** The sinks the demuxer forwards to (see startRunnerContainer). */
  forward(): DemuxSinks {
    return {
      stdout: (chunk) => this.sinks.stdout(chunk),
      stderr: (chunk) => this.sinks.stderr(chunk),
    };
  }

  /**
   * Asks a waiting --preload container to import the heavy libraries now; resolves when it has.
   * Until then it is not handed a run (it would wait for the import).
   */
  requestPreload(): Promise<void> {
    if (!this.preloading) {
      this.preloading = true;
      this.socket.write(PRELOAD_REQUEST);
    }
    return this.preloadedPromise;
  }

  /** The run takes the container's output from here on. */
  handOver(sinks: DemuxSinks): void {
    this.handedOver = true;
    if (this.earlyStderr) this.diagnostics.push(Buffer.from(this.earlyStderr));
    this.earlyStderr = "";
    this.isReady = true;
    this.sinks = sinks;
  }

  /** Calls `listener` when the container's removal starts (the pool refills then). */
  onRemoval(listener: () => void): void {
    this.removalListeners.push(listener);
  }

  /** Kills and removes the container (never used for a run, or after its run). */
  async remove(): Promise<void> {
    for (const listener of this.removalListeners.splice(0)) listener();
    this.socket.destroy();
    await removeContainer(this.container, this.id);
  }

  private setReady() {
    this.isReady = true;
    this.markReady();
  }
}

export interface StartRunnerContainerOptions {
  image: string;
  /** The run's id, or the pool's placeholder (LABEL_RUN_ID). */
  runId: string;
  limits: ContainerLimits;
  deadline: Date;
  /** Set for a warm-pool container: the wrapper preloads, and the container carries the pool label. */
  poolId?: string;
  docker?: DockerClient;
}

/** create → attach → start. The wrapper then waits on stdin for its job. */
export async function startRunnerContainer(options: StartRunnerContainerOptions): Promise<RunnerContainer> {
  const docker = options.docker ?? defaultDocker;
  const container = await docker.createContainer(
    containerSpec({ image: options.image, runId: options.runId, limits: options.limits, deadline: options.deadline, poolId: options.poolId }),
  );
  let socket: Socket | null = null;
  try {
    socket = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Socket;
    const attached = socket;
    attached.on("error", () => {
      // EPIPE/ECONNRESET when the container dies while we write: its exit tells the story.
    });
    let handle: RunnerContainer | null = null;
    const demuxer = new DockerDemuxer({
      stdout: (chunk) => handle?.forward().stdout(chunk),
      stderr: (chunk) => handle?.forward().stderr(chunk),
    });
    handle = new RunnerContainer(container, attached, demuxer, options.image, options.deadline, new Date(), options.poolId !== undefined);
    const created = handle;
    attached.on("close", () => {
      if (!created.handedOver) created.broken = true;
      // A socket reset without an orderly end does not end the pipe: end it here, after
      // everything the socket delivered (pipe writes each chunk as it arrives).
      if (!demuxer.destroyed && !demuxer.writableEnded) demuxer.end();
    });
    demuxer.on("error", () => {
      if (!created.handedOver) created.broken = true;
    });
    attached.pipe(demuxer);
    await container.start();
    return handle;
  } catch (error) {
    socket?.destroy();
    await removeContainer(container, container.id);
    throw error;
  }
}

async function removeContainer(container: Docker.Container, label: string): Promise<void> {
  await container.remove({ force: true, v: true }).catch((error: unknown) => {
    // The reaper removes it after its deadline; never mask the run's own result.
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== 404 && status !== 409) {
      console.error(`[runner] could not remove container ${label}:`, error);
    }
  });
}

export function defaultRunnerLimits(): RunnerLimits {
  return {
    memoryBytes: env.RUNNER_MEMORY_LIMIT,
    cpus: env.RUNNER_CPU_LIMIT,
    pidsLimit: env.RUNNER_PIDS_LIMIT,
    tmpSizeBytes: env.RUNNER_TMP_SIZE,
    workSizeBytes: env.RUNNER_WORK_SIZE,
    maxArtifactFiles: env.RUNNER_MAX_ARTIFACT_FILES,
    maxArtifactBytes: env.RUNNER_MAX_ARTIFACT_BYTES,
  };
}

/**
 * Runs one script in a fresh, locked-down container and returns what happened, as data.
 * Throws only on infrastructure faults (Docker unreachable, image missing, store broken).
 *
 * Sequence: create → attach (before start, so no output is missed) → start (all three done
 * ahead by the warm pool, see RunnerPool) → hand-over: write the input tar (job.json first) to
 * stdin and close it → read the multiplexed stdout/stderr, parsing the output tar while
 * it streams → the archive's `end` entry (or else: wait for exit → inspect OOMKilled, ExitCode)
 * → remove, always (in the background, see containersRemoved).
 */
export async function runContainer(options: RunContainerOptions): Promise<RawRunResult> {
  const docker = options.docker ?? defaultDocker;
  const limits: RunnerLimits = { ...defaultRunnerLimits(), ...options.limits };
  const startedAt = new Date();
  const base = {
    timeoutSeconds: options.timeoutSeconds,
    memoryLimitBytes: limits.memoryBytes,
    startedAt,
  };

  if (options.signal?.aborted) {
    if (options.container) trackRemoval(options.container.remove());
    return emptyResult("cancelled", base);
  }

  const jobEnv = runnerEnvironment({
    entrypoint: options.entrypoint,
    inputFiles: options.inputFiles,
    inputValues: options.inputValues,
    action: options.action ?? null,
    timeoutSeconds: options.timeoutSeconds,
  });
  const hardTimeoutMs = options.hardTimeoutMs ?? options.timeoutSeconds * 1000 + HARD_TIMEOUT_GRACE_MS;
  const handle =
    options.container ??
    (await startRunnerContainer({
      image: options.image,
      runId: options.runId,
      limits,
      deadline: new Date(Date.now() + runHoldMs(options.timeoutSeconds, options.hardTimeoutMs)),
      docker,
    }));
  const { container, socket: attached, demuxer } = handle;

  let hardTimer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let killedFor: "timeout" | "cancel" | "violation" | null = null;
  const diagnostics = handle.diagnostics;
  let extracted: ExtractedOutput | null = null;
  let extractor: OutputExtractor | null = null;
  try {
    const kill = (reason: NonNullable<typeof killedFor>) => {
      killedFor ??= reason;
      container.kill({ signal: "SIGKILL" }).catch(() => {
        // Already gone: the exit is what we wanted.
      });
    };

    extractor = new OutputExtractor({
      store: options.store,
      artifactPrefix: options.artifactPrefix,
      maxArtifactFiles: limits.maxArtifactFiles,
      maxArtifactBytes: limits.maxArtifactBytes,
      onFatal: () => kill("violation"),
    });
    const stdoutCap = Math.max(limits.maxArtifactBytes, limits.workSizeBytes) + STDOUT_OVERHEAD_BYTES;
    let stdoutBytes = 0;
    let overCap = false;
    const activeExtractor = extractor;
    const onLive = options.onLive;
    const liveFrames = new LiveFrameParser(
      (event) => {
        try {
          onLive?.(event);
        } catch (error) {
          // A live view is a courtesy: its failure must not touch the run.
          log.error({ runId: options.runId, errorKind: (error as Error)?.name ?? "Error" }, "live output could not be passed on");
        }
      },
      (chunk) => diagnostics.push(chunk),
    );

    let streamBroken = false;
    // Ended when the demuxer has handed every received byte to the extractor ("finish"), not
    // when the socket closes: under load the demuxer is still working through buffered frames
    // then, and ending the extractor early cut the archive off ("Unexpected end of data").
    const streamEnded = new Promise<void>((resolve) => {
      if (demuxer.writableFinished) resolve();
      demuxer.on("finish", () => resolve());
      demuxer.on("error", () => {
        // A frame Docker did not write: nothing after it can be trusted or read.
        streamBroken = true;
        kill("violation");
        resolve();
      });
      if (demuxer.errored) {
        streamBroken = true;
        resolve();
      }
    });
    // The hand-over: from here on the container's output is this run's, and its time runs.
    handle.handOver({
      stdout: async (chunk) => {
        stdoutBytes += chunk.length;
        if (stdoutBytes > stdoutCap) {
          if (!overCap) {
            overCap = true;
            kill("violation");
          }
          return;
        }
        await activeExtractor.write(chunk);
      },
      stderr: (chunk) => liveFrames.push(chunk),
    });
    options.onHandOver?.();
    const t0 = performance.now();
    // Asked only when the answer did not complete: one request less to the daemon per run.
    let waiting: Promise<unknown> | null = null;
    const waitForExit = () => (waiting ??= container.wait().catch(() => undefined));
    let hardTimeoutPassed!: () => void;
    const hardTimeout = new Promise<void>((resolve) => (hardTimeoutPassed = resolve));

    hardTimer = setTimeout(() => {
      kill("timeout");
      hardTimeoutPassed();
    }, hardTimeoutMs);
    if (options.signal) {
      onAbort = () => kill("cancel");
      options.signal.addEventListener("abort", onAbort, { once: true });
      if (options.signal.aborted) onAbort();
    }

    writeInput(attached, options, jobEnv).catch((error: unknown) => {
      diagnostics.push(Buffer.from(`\n[host] writing the input failed: ${String(error)}\n`));
    });

    // The answer is complete at the wrapper's last entry (`end`), usually well before Docker
    // reports the exit (the container's teardown takes longer than a trivial run).
    const completeFirst = await Promise.race([
      extractor.complete.then(() => true),
      // The stream ends when the container exits (or is killed at the hard timeout).
      Promise.race([streamEnded, hardTimeout])
        .then(waitForExit)
        .then(() => false),
    ]);
    const durationMs = Math.round(performance.now() - t0);

    let state: { ExitCode?: number; OOMKilled?: boolean };
    if (completeFirst && !killedFor && !overCap && !streamBroken) {
      // Every entry is handled; nothing more is read. The wrapper exits 0 after its last entry,
      // and an OOM kill during the run is in its meta.json (the same cgroup counter Docker reads).
      extracted = await extractor.abort();
      state = { ExitCode: 0, OOMKilled: false };
    } else {
      await waitForExit();
      const drained = await Promise.race([
        streamEnded.then(() => true),
        sleep(DRAIN_AFTER_EXIT_MS).then(() => false),
      ]);
      if (!drained) attached.destroy();
      // Bounded, so that a stuck artifact store cannot hold the run (and its container) forever.
      const finishing = killedFor || overCap || !drained ? extractor.abort() : extractor.end();
      extracted =
        (await Promise.race([finishing, sleep(DRAIN_AFTER_EXIT_MS).then(() => null)])) ??
        extractor.snapshot("utdata kunde inte läsas klart i tid.");
      if (streamBroken) extracted.violations.unshift("körmiljöns utdataström var trasig.");
      if (overCap) extracted.violations.unshift(`verktyget skrev mer än ${stdoutCap} byte till utdataströmmen.`);
      if (!drained) extracted.violations.unshift("utdataströmmen tog inte slut när körmiljön avslutades.");
      state = ((await container.inspect()) as Docker.ContainerInspectInfo).State;
    }
    clearTimeout(hardTimer);

    const outcome: RunOutcome =
      killedFor === "cancel"
        ? "cancelled"
        : killedFor === "timeout"
          ? "timed_out"
          : killedFor === "violation" || extracted.violations.length > 0
            ? "violation"
            : "exited";

    let artifacts = extracted.artifacts;
    if (outcome !== "exited") {
      // Whatever was stored may be partial: nothing of it is served as if complete.
      await options.store.deletePrefix(`${options.artifactPrefix}/output`);
      artifacts = [];
    }
    return {
      outcome,
      exitCode: typeof state.ExitCode === "number" ? state.ExitCode : null,
      oomKilled: state.OOMKilled === true,
      timedOut: outcome === "timed_out",
      stdout: extracted.stdout,
      stderr: extracted.stderr,
      stdoutTruncated: extracted.stdoutTruncated,
      stderrTruncated: extracted.stderrTruncated,
      resultJsonText: extracted.resultJsonText,
      artifacts,
      notices: extracted.notices,
      violations: extracted.violations,
      meta: extracted.meta,
      diagnostics: diagnostics.text().text,
      finishedAt: new Date(),
      durationMs,
      containerId: handle.id,
      warm: options.container != null,
      ...base,
    };
  } catch (error) {
    if (extractor && !extracted) await extractor.abort().catch(() => undefined);
    await options.store.deletePrefix(`${options.artifactPrefix}/output`).catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(hardTimer);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
    // Never reused, whatever the outcome. In the background: the answer does not wait for
    // Docker's teardown; callers that must see it gone await containersRemoved().
    const teardownAfter = options.teardownAfter?.catch(() => undefined);
    trackRemoval(teardownAfter ? teardownAfter.then(() => handle.remove()) : handle.remove());
  }
}

const removals = new Set<Promise<void>>();

/** Removes a container without waiting for it (see containersRemoved). */
export function removeInBackground(container: RunnerContainer): void {
  trackRemoval(container.remove());
}

function trackRemoval(removal: Promise<void>) {
  removals.add(removal);
  void removal.finally(() => removals.delete(removal));
}

/**
 * Resolves when every container runContainer has finished with so far is removed. The worker
 * awaits it before it takes its next job (so that it never holds more containers than its
 * concurrency), the CLI before it exits, tests before they look at the daemon.
 */
export async function containersRemoved(): Promise<void> {
  await Promise.all([...removals]);
}

/**
 * Resolves once at most `count` removals are still in progress: a worker goes on with its next
 * job while the last one's container is being torn down (Docker's teardown overlaps the next
 * run), yet never piles up more than its concurrency of them.
 */
export async function removalsAtMost(count: number): Promise<void> {
  while (removals.size > count) await Promise.race([...removals]);
}

/** The input tar (RUNNER-CONTRACT.md; protocol in runner-image/README.md) on stdin, then EOF. */
async function writeInput(socket: Socket, options: RunContainerOptions, jobEnv: Record<string, string>): Promise<void> {
  const pack = tar.pack();
  const piped = new Promise<void>((resolve, reject) => {
    pack.on("data", (chunk: unknown) => {
      if (!socket.write(chunk as Buffer)) {
        pack.pause();
        socket.once("drain", () => pack.resume());
      }
    });
    pack.on("end", () => {
      socket.end();
      resolve();
    });
    pack.on("error", reject);
    socket.once("close", () => reject(new Error("the container closed its input early")));
  });
  piped.catch(() => undefined);

  const addBuffer = (name: string, content: Buffer) =>
    new Promise<void>((resolve, reject) => {
      pack.entry({ name, size: content.length, mode: 0o644, uid: 10001, gid: 10001 }, content, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  // First, so the wrapper has the run's environment whatever follows (it reads all to EOF anyway).
  await addBuffer("job.json", Buffer.from(JSON.stringify({ env: jobEnv }), "utf8"));
  await addBuffer("script.py", Buffer.from(options.script, "utf8"));
  await addBuffer("memory.json", Buffer.from(JSON.stringify({ settings: options.settings ?? {} }), "utf8"));
  for (const file of options.inputFiles) {
    await new Promise<void>((resolve, reject) => {
      const sink = pack.entry(
        { name: `input/${file.name}`, size: file.bytes, mode: 0o644, uid: 10001, gid: 10001 },
        (error) => (error ? reject(error) : resolve()),
      );
      const source = file.open();
      source.on("error", (error) => {
        sink.destroy(error);
        reject(error);
      });
      source.pipe(sink);
    });
  }
  pack.finalize();
  await piped;
}

function emptyResult(
  outcome: RunOutcome,
  base: { timeoutSeconds: number; memoryLimitBytes: number; startedAt: Date },
): RawRunResult {
  return {
    outcome,
    exitCode: null,
    oomKilled: false,
    timedOut: false,
    stdout: "",
    stderr: "",
    stdoutTruncated: false,
    stderrTruncated: false,
    resultJsonText: null,
    artifacts: [],
    notices: [],
    violations: [],
    meta: null,
    diagnostics: "",
    finishedAt: new Date(),
    durationMs: 0,
    containerId: null,
    warm: false,
    ...base,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
