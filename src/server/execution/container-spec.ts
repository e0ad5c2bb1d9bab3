/**
 * The one place that says how a runner container is locked down (SANDBOX-THREATS.md,
 * RUNNER-CONTRACT.md §2 and §8). Pure: no Docker calls, no env reads — every value comes in as
 * an argument, so the unit tests see exactly what Docker will be asked for.
 */
import type { ContainerCreateOptions } from "dockerode";

export const RUNNER_UID = 10001;
export const RUNNER_COMMAND = ["python3", "-B", "/opt/skriptoteket/_runner.py"] as const;
export const WORK_DIR = "/work";
export const INPUT_DIR = "/work/input";
export const OUTPUT_DIR = "/work/output";

export const LABEL_MANAGED = "se.skriptoteket.managed";
export const LABEL_RUN_ID = "se.skriptoteket.run-id";
/**
 * Epoch milliseconds by which the host that created the container will have killed and
 * removed it. The reaper leaves younger containers alone: they may belong to a live run of
 * another worker (or another test suite) on the same Docker daemon.
 */
export const LABEL_DEADLINE = "se.skriptoteket.deadline";
/** On warm-pool containers: the id of the pool (one per worker process) that created it. */
export const LABEL_POOL = "se.skriptoteket.pool";
/** The wrapper's argument for a pool container: preload the heavy libraries, then wait. */
export const PRELOAD_ARG = "--preload";

/**
 * Linux refuses a single environment string longer than MAX_ARG_STRLEN (32 pages = 128 KiB)
 * at execve: the container would fail to start with a confusing error. Callers check this
 * before creating a container.
 */
export const MAX_ENV_ENTRY_BYTES = 128 * 1024 - 1;

export interface ContainerLimits {
  memoryBytes: number;
  /** CPUs, e.g. 1 or 0.5. */
  cpus: number;
  pidsLimit: number;
  tmpSizeBytes: number;
  workSizeBytes: number;
}

export interface ContainerSpecInput {
  image: string;
  /** The run's id (a cold run), or a placeholder of the pool's (a pool container has no run yet). */
  runId: string;
  limits: ContainerLimits;
  /** See LABEL_DEADLINE. */
  deadline: Date;
  /** A warm-pool container: labelled with its pool, and the wrapper preloads while it waits. */
  poolId?: string;
}

/**
 * Cold and pool containers are created from this one spec and differ only in the wrapper's
 * argument and a label: the same hardening, limits and (empty) environment. Nothing of a run is
 * in here — its environment (runnerEnvironment) goes in the stdin tar as job.json — so a
 * container can be created before its run exists.
 */
export function containerSpec(input: ContainerSpecInput): ContainerCreateOptions {
  const { image, runId, limits, deadline, poolId } = input;
  const labels: Record<string, string> = { [LABEL_MANAGED]: "true", [LABEL_RUN_ID]: runId, [LABEL_DEADLINE]: String(deadline.getTime()) };
  if (poolId !== undefined) labels[LABEL_POOL] = poolId;
  return {
    Image: image,
    // An explicit argv: the image's ENTRYPOINT (if any) is replaced, never appended to.
    Entrypoint: [...RUNNER_COMMAND],
    Cmd: poolId !== undefined ? [PRELOAD_ARG] : [],
    // The container's environment is the image's own ENV (PATH, LANG, HOME, PYTHONPATH) and
    // nothing else: nothing from the host process is forwarded, and the run's variables come
    // with the job.
    Env: [],
    User: `${RUNNER_UID}:${RUNNER_UID}`,
    WorkingDir: WORK_DIR,
    Hostname: "skriptoteket",
    Labels: labels,
    // The input tar goes in on stdin and the output tar comes back on stdout (ARCHITECTURE.md,
    // "Facts about Docker": putArchive/getArchive cannot reach a tmpfs under a read-only root).
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: true,
    Tty: false,
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: "none",
      ReadonlyRootfs: true,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      Privileged: false,
      IpcMode: "private",
      PidsLimit: limits.pidsLimit,
      Memory: limits.memoryBytes,
      // Equal to Memory: no swap, so a memory hog is OOM-killed instead of thrashing the host.
      MemorySwap: limits.memoryBytes,
      NanoCpus: Math.round(limits.cpus * 1e9),
      ShmSize: 64 * 1024 * 1024,
      Tmpfs: {
        "/tmp": `rw,noexec,nosuid,nodev,size=${limits.tmpSizeBytes}`,
        [WORK_DIR]: `rw,nosuid,nodev,size=${limits.workSizeBytes},uid=${RUNNER_UID},gid=${RUNNER_UID},mode=0700`,
      },
      Ulimits: [
        { Name: "core", Soft: 0, Hard: 0 },
        { Name: "nofile", Soft: 1024, Hard: 1024 },
      ],
      // The daemon must not keep its own copy of stdout: with the default json-file driver a
      // script printing without end would fill the host's disk under /var/lib/docker.
      LogConfig: { Type: "none", Config: {} },
      // No Binds, no Mounts, no Devices: nothing of the host is visible inside.
      Binds: [],
      Mounts: [],
      Devices: [],
      // We remove the container ourselves in `finally`, after reading its exit state.
      AutoRemove: false,
      RestartPolicy: { Name: "no" },
    },
  };
}

export interface InputFileInfo {
  name: string;
  bytes: number;
}

export interface RunnerEnvironmentInput {
  entrypoint: string;
  inputFiles: readonly InputFileInfo[];
  inputValues: Record<string, unknown>;
  /** Only on a follow-up (action) run. */
  action?: { action_id: string; input: Record<string, unknown>; state: Record<string, unknown> } | null;
  /** The wrapper's own (soft) timeout; the host kills a few seconds later. */
  timeoutSeconds: number;
}

/**
 * The environment of RUNNER-CONTRACT.md §2, exactly, plus the wrapper's own
 * SKRIPTOTEKET_TIMEOUT_SECONDS (which it removes before the tool runs). Sent in the stdin tar
 * (job.json); the wrapper puts it into os.environ before it loads the script, on a cold run and
 * a pool container alike.
 */
export function runnerEnvironment(input: RunnerEnvironmentInput): Record<string, string> {
  const manifest = {
    files: input.inputFiles.map((file) => ({
      name: file.name,
      path: `${INPUT_DIR}/${file.name}`,
      bytes: file.bytes,
    })),
  };
  const env: Record<string, string> = {
    SKRIPTOTEKET_ENTRYPOINT: input.entrypoint,
    SKRIPTOTEKET_SCRIPT_PATH: `${WORK_DIR}/script.py`,
    SKRIPTOTEKET_INPUT_DIR: INPUT_DIR,
    SKRIPTOTEKET_OUTPUT_DIR: OUTPUT_DIR,
    SKRIPTOTEKET_RESULT_PATH: `${WORK_DIR}/result.json`,
    SKRIPTOTEKET_INPUT_MANIFEST: JSON.stringify(manifest),
    SKRIPTOTEKET_INPUTS: JSON.stringify(input.inputValues ?? {}),
    SKRIPTOTEKET_MEMORY_PATH: `${WORK_DIR}/memory.json`,
    SKRIPTOTEKET_TIMEOUT_SECONDS: String(input.timeoutSeconds),
    HOME: "/tmp/home",
  };
  if (input.action) {
    env.SKRIPTOTEKET_ACTION = JSON.stringify({
      action_id: input.action.action_id,
      input: input.action.input ?? {},
      state: input.action.state ?? {},
    });
  }
  return env;
}

/**
 * The first environment entry too long for execve, or null. The wrapper sets these in
 * os.environ rather than execve, but a tool that starts a program (pandoc, a subprocess) passes
 * its environment on: an entry over the limit would make that fail confusingly.
 */
export function oversizedEnvEntry(env: Record<string, string>): string | null {
  for (const [key, value] of Object.entries(env)) {
    if (Buffer.byteLength(`${key}=${value}`, "utf8") > MAX_ENV_ENTRY_BYTES) return key;
  }
  return null;
}
