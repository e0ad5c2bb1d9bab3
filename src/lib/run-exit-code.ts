import type { RunStatus } from "./domain";

/**
 * The exit code worth showing the author. The wrapper reports a tool's own failure (a syntax
 * error, an exception, ToolUserError) in result.json and exits 0 itself, so "Slutkod: 0" beside
 * a failed run would say the opposite of what happened: it is shown only when it means something
 * (a successful run's 0, or a non-zero code of a process that was killed or crashed).
 */
export function shownExitCode(status: RunStatus, exitCode: number | null): number | null {
  if (exitCode === null) return null;
  if (exitCode === 0 && status !== "succeeded") return null;
  return exitCode;
}
