/**
 * A running run's live output as the browser holds it (pure; shared by the watcher on the
 * server and the run view). See src/server/services/watch-run.ts.
 */

export type ToolProgressReport = { message: string; fraction: number | null };

/**
 * What the run printed (TESTKÖR only) and reported since the previous update. `stdoutFrom` is
 * where `stdout` starts in the whole live text (UTF-16 units, as a JS string counts): a watcher
 * that reconnects gets everything again from 0, and the browser replaces instead of repeating.
 */
export type LiveUpdate = {
  stdoutFrom: number;
  stdout: string;
  stderrFrom: number;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** The latest progress report, or null when none came with this update. */
  progress: ToolProgressReport | null;
};

export type LiveOutput = {
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  progress: ToolProgressReport | null;
};

export const EMPTY_LIVE: LiveOutput = { stdout: "", stderr: "", stdoutTruncated: false, stderrTruncated: false, progress: null };

function splice(text: string, from: number, added: string): string {
  if (!added) return text;
  // A gap (an update we never got) is not guessed at: the stored logs come at the end anyway.
  if (from > text.length) return text;
  return text.slice(0, from) + added;
}

export function applyLiveUpdate(old: LiveOutput, update: LiveUpdate): LiveOutput {
  return {
    stdout: splice(old.stdout, update.stdoutFrom, update.stdout),
    stderr: splice(old.stderr, update.stderrFrom, update.stderr),
    stdoutTruncated: old.stdoutTruncated || update.stdoutTruncated,
    stderrTruncated: old.stderrTruncated || update.stderrTruncated,
    progress: update.progress ?? old.progress,
  };
}
