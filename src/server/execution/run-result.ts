/**
 * The types that flow from the Docker runner through the normalizer to execute-script's
 * caller. Pure (types and tiny helpers only).
 */
import type { FormAction, JsonObject, UiOutput } from "@/lib/ui-contract";

/**
 * How the container's run ended as seen by the HOST (never taken from the container's word):
 * - exited: the container ended by itself and its output archive was read to the end;
 * - timed_out: the host's hard timeout killed it;
 * - cancelled: the caller's AbortSignal killed it;
 * - violation: the output stream broke the protocol (bad tar, too many bytes, ...), see
 *   `violations`.
 */
export const RUN_OUTCOMES = ["exited", "timed_out", "cancelled", "violation"] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export interface StoredArtifact {
  /** `output/<relpath>`, as tools and result.json name it. */
  path: string;
  /** The artifact store key. */
  key: string;
  bytes: number;
  sha256: string;
  contentType: string;
}

/** logs/meta.json as written by the wrapper. Untrusted: only ever used to the script's harm. */
export interface RunnerMeta {
  stdout_truncated?: boolean;
  stderr_truncated?: boolean;
  exit_code?: number | null;
  timed_out?: boolean;
  oom_killed?: boolean;
  duration_ms?: number;
}

export interface RawRunResult {
  outcome: RunOutcome;
  /** The container's exit code (Docker's State.ExitCode); null when never read. */
  exitCode: number | null;
  /** Docker's State.OOMKilled. */
  oomKilled: boolean;
  /** The host's hard timeout fired. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** result.json, decoded as strict UTF-8; null when missing or refused (see violations). */
  resultJsonText: string | null;
  artifacts: StoredArtifact[];
  /** Complete Swedish sentences starting "Systemmeddelande:", shown to the user. */
  notices: string[];
  /** Protocol violations the host saw while reading the stream (Swedish, for the summary). */
  violations: string[];
  meta: RunnerMeta | null;
  /** The container's own stderr: wrapper diagnostics, capped. For logs, never for users. */
  diagnostics: string;
  /** The Docker container that served the run (removed by now); null when none was used. */
  containerId: string | null;
  /** Served by a warm-pool container (started before the run) rather than the cold path. */
  warm: boolean;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  /** The limits the run had, so messages can name them. */
  timeoutSeconds: number;
  memoryLimitBytes: number;
}

export const FINAL_STATUSES = ["succeeded", "failed", "timed_out", "cancelled"] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];

/**
 * - tool: the script failed on its own terms (ToolUserError, an exception, a syntax error);
 * - platform: a limit or the contract stopped it (timeout, memory, violation, cancel).
 * Artifacts of a platform failure are discarded: they may be partial.
 */
export type FailureKind = "tool" | "platform" | null;

export interface NormalizedResult {
  status: FinalStatus;
  errorSummary: string | null;
  outputs: UiOutput[];
  nextActions: FormAction[];
  state: JsonObject | null;
  /** Every system notice also present in `outputs`, as plain text. */
  notices: string[];
  failureKind: FailureKind;
}

export const NOTICE_PREFIX = "Systemmeddelande:";

export function systemNotice(text: string): string {
  return `${NOTICE_PREFIX} ${text}`;
}
