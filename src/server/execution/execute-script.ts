import "server-only";
import { env } from "@/env";
import { formatBytes } from "@/lib/format";
import { UI_CONTRACT_VERSION, type FormAction, type JsonObject, type UiOutput, type UiPayload } from "@/lib/ui-contract";
import type { ArtifactStore } from "@/server/artifacts/artifact-store";
import { oversizedEnvEntry, runnerEnvironment, type RunnerEnvironmentInput } from "./container-spec";
import type { DockerClient } from "./docker-client";
import { defaultRunnerLimits, runContainer, type InputFile, type RunnerLimits } from "./docker-runner";
import { checkInputFileNames } from "./input-names";
import type { LiveEvent } from "./live-frames";
import type { RunnerPool } from "./pool";
import { capErrorSummary, normalizeRunResult } from "./result-normalizer";
import type { FailureKind, FinalStatus, StoredArtifact } from "./run-result";
import { ensureRunnerImage } from "./runner-image";

export const DEFAULT_ENTRYPOINT = "run_tool";
export const MAX_ENTRYPOINT_LENGTH = 128;

export interface ExecuteScriptInput {
  runId: string;
  script: string;
  /** Default "run_tool". */
  entrypoint?: string;
  inputFiles?: readonly InputFile[];
  inputValues?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  action?: RunnerEnvironmentInput["action"];
  /** See timeoutForContext(). */
  timeoutSeconds: number;
  store: ArtifactStore;
  /** Default `runs/<runId>`; artifacts land under `<prefix>/output/…`. */
  artifactPrefix?: string;
  signal?: AbortSignal;
  docker?: DockerClient;
  limits?: Partial<RunnerLimits>;
  /** Live output while the run goes on (the worker publishes it; see live-publisher.ts). */
  onLive?: (event: LiveEvent) => void;
  /** Called when the run's container is handed its input: from then on the tool may have run. */
  onHandOver?: () => void;
  /** The worker's warm pool: the run takes a waiting container from it when one fits, else goes cold. */
  pool?: RunnerPool | null;
  /** See RunContainerOptions.teardownAfter. */
  teardownAfter?: Promise<unknown>;
}

/** Everything the ToolRun row (and its Artifact rows) needs. */
export interface ExecuteScriptResult {
  status: FinalStatus;
  errorSummary: string | null;
  failureKind: FailureKind;
  outputs: UiOutput[];
  nextActions: FormAction[];
  /** The payload to store and render: outputs (with system notices) + next_actions. */
  uiPayload: UiPayload;
  /** The state to save for the next action run; null = keep none. */
  state: JsonObject | null;
  notices: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  artifacts: StoredArtifact[];
  /** Wrapper diagnostics (the container's own stderr), for server logs only. */
  diagnostics: string;
  /** The container that served the run (already removed); null when the request was refused. */
  containerId: string | null;
  /** Served by a warm-pool container. */
  warm: boolean;
}

export function timeoutForContext(context: "sandbox" | "production"): number {
  return context === "sandbox" ? env.RUNNER_TIMEOUT_SANDBOX_SECONDS : env.RUNNER_TIMEOUT_PRODUCTION_SECONDS;
}

/**
 * The one production path from a script to a finished run, used by the queue worker and the
 * CLI alike: check the request → ensure the runner image → run the container → normalize.
 * No database access. A tool that fails, times out or breaks the contract comes back as data;
 * only infrastructure faults (Docker, image build, artifact store) throw.
 */
export async function executeScript(input: ExecuteScriptInput): Promise<ExecuteScriptResult> {
  const startedAt = new Date();
  const entrypoint = input.entrypoint ?? DEFAULT_ENTRYPOINT;
  const inputFiles = input.inputFiles ?? [];
  const inputValues = input.inputValues ?? {};
  const settings = input.settings ?? {};
  const artifactPrefix = input.artifactPrefix ?? `runs/${input.runId}`;

  const refusal = checkRequest(input, entrypoint, inputFiles, inputValues);
  if (refusal) return refused(refusal, startedAt);

  const image = await ensureRunnerImage(input.docker);
  const container =
    input.pool?.take({ image, limits: { ...defaultRunnerLimits(), ...input.limits }, timeoutSeconds: input.timeoutSeconds }) ?? null;
  const raw = await runContainer({
    container,
    runId: input.runId,
    image,
    script: input.script,
    entrypoint,
    inputFiles,
    inputValues,
    settings,
    action: input.action ?? null,
    timeoutSeconds: input.timeoutSeconds,
    store: input.store,
    artifactPrefix,
    signal: input.signal,
    docker: input.docker,
    limits: input.limits,
    onLive: input.onLive,
    onHandOver: input.onHandOver,
    teardownAfter: input.teardownAfter,
  });
  const normalized = normalizeRunResult(raw);

  let artifacts = raw.artifacts;
  if (normalized.failureKind === "platform" && artifacts.length > 0) {
    // A contract violation found in result.json: the files may be partial or forged.
    await input.store.deletePrefix(`${artifactPrefix}/output`);
    artifacts = [];
  }
  return {
    status: normalized.status,
    errorSummary: normalized.errorSummary,
    failureKind: normalized.failureKind,
    outputs: normalized.outputs,
    nextActions: normalized.nextActions,
    uiPayload: { contract_version: UI_CONTRACT_VERSION, outputs: normalized.outputs, next_actions: normalized.nextActions },
    state: normalized.state,
    notices: normalized.notices,
    exitCode: raw.exitCode,
    stdout: raw.stdout,
    stderr: raw.stderr,
    stdoutTruncated: raw.stdoutTruncated,
    stderrTruncated: raw.stderrTruncated,
    startedAt: raw.startedAt,
    finishedAt: raw.finishedAt,
    durationMs: raw.durationMs,
    artifacts,
    diagnostics: raw.diagnostics,
    containerId: raw.containerId,
    warm: raw.warm,
  };
}

/**
 * The web layer validates all of this before a run is queued; checked again here because
 * these values become file names and environment variables inside the container.
 */
function checkRequest(
  input: ExecuteScriptInput,
  entrypoint: string,
  inputFiles: readonly InputFile[],
  inputValues: Record<string, unknown>,
): string | null {
  if (!entrypoint.trim() || entrypoint.length > MAX_ENTRYPOINT_LENGTH || entrypoint.includes("\u0000")) {
    return `Ingångsfunktionens namn är ogiltigt (högst ${MAX_ENTRYPOINT_LENGTH} tecken).`;
  }
  if (!(input.timeoutSeconds > 0)) return "Tidsgränsen för körningen är ogiltig.";
  const nameProblem = checkInputFileNames(inputFiles.map((file) => file.name));
  if (nameProblem) return nameProblem;
  if (inputFiles.length > env.UPLOAD_MAX_FILES) return `För många filer: högst ${env.UPLOAD_MAX_FILES} filer per körning.`;
  let total = 0;
  for (const file of inputFiles) {
    if (!Number.isSafeInteger(file.bytes) || file.bytes < 0) return "En fil har en ogiltig storlek.";
    if (file.bytes > env.UPLOAD_MAX_FILE_BYTES) {
      return `Filen "${file.name}" är större än ${formatBytes(env.UPLOAD_MAX_FILE_BYTES)}.`;
    }
    total += file.bytes;
  }
  if (total > env.UPLOAD_MAX_TOTAL_BYTES) return `Filerna är större än ${formatBytes(env.UPLOAD_MAX_TOTAL_BYTES)} tillsammans.`;
  const { workSizeBytes } = { ...defaultRunnerLimits(), ...input.limits };
  if (total + Buffer.byteLength(input.script) > workSizeBytes) return "Filerna får inte plats i körmiljön.";
  const tooLong = oversizedEnvEntry(
    runnerEnvironment({ entrypoint, inputFiles, inputValues, action: input.action ?? null, timeoutSeconds: input.timeoutSeconds }),
  );
  if (tooLong) {
    return tooLong === "SKRIPTOTEKET_INPUT_MANIFEST"
      ? "Filnamnen tar för stor plats tillsammans."
      : "Formulärvärdena (eller åtgärdens tillstånd) är för stora för en körning (högst 128 kB).";
  }
  return null;
}

function refused(message: string, startedAt: Date): ExecuteScriptResult {
  const errorSummary = capErrorSummary(message);
  const finishedAt = new Date();
  return {
    status: "failed",
    errorSummary,
    failureKind: "platform",
    outputs: [],
    nextActions: [],
    uiPayload: { contract_version: UI_CONTRACT_VERSION, outputs: [], next_actions: [] },
    state: null,
    notices: [],
    exitCode: null,
    stdout: "",
    stderr: "",
    stdoutTruncated: false,
    stderrTruncated: false,
    startedAt,
    finishedAt,
    durationMs: 0,
    artifacts: [],
    diagnostics: "",
    containerId: null,
    warm: false,
  };
}
