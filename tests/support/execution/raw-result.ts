import type { RawRunResult } from "@/server/execution/run-result";

/** A RawRunResult of a clean exit; override what the test is about. */
export function rawResult(overrides: Partial<RawRunResult> = {}): RawRunResult {
  const startedAt = new Date("2026-01-01T10:00:00Z");
  return {
    outcome: "exited",
    exitCode: 0,
    oomKilled: false,
    timedOut: false,
    stdout: "",
    stderr: "",
    stdoutTruncated: false,
    stderrTruncated: false,
    resultJsonText: JSON.stringify({ contract_version: 2, status: "succeeded", error_summary: null, outputs: [] }),
    artifacts: [],
    notices: [],
    violations: [],
    meta: null,
    diagnostics: "",
    containerId: null,
    warm: false,
    startedAt,
    finishedAt: new Date(startedAt.getTime() + 300),
    durationMs: 300,
    timeoutSeconds: 60,
    memoryLimitBytes: 1024 * 1024 * 1024,
    ...overrides,
  };
}

/** A raw result whose result.json is `result` merged over a succeeded v2 skeleton. */
export function rawWithResult(result: Record<string, unknown>, overrides: Partial<RawRunResult> = {}): RawRunResult {
  return rawResult({
    resultJsonText: JSON.stringify({
      contract_version: 2,
      status: "succeeded",
      error_summary: null,
      outputs: [],
      next_actions: [],
      state: {},
      ...result,
    }),
    ...overrides,
  });
}
