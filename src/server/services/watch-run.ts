import "server-only";
import { EventEmitter } from "node:events";
import { and, asc, eq, gt } from "drizzle-orm";
import { FINISHED_RUN_STATUSES } from "@/lib/domain";
import type { LiveUpdate } from "@/lib/live-output";
import { getDb, getSql } from "../db/client";
import { runLiveEvents } from "../db/schema";
import { RUN_EVENTS_CHANNEL, RUN_LIVE_CHANNEL } from "../execution/queue";
import { requireRole, type Actor } from "./actor";
import { buildRunView, type RunView } from "./get-run";
import { loadVisibleRun } from "./run-access";

/**
 * Live run updates for the browser. One LISTEN per channel per web process fans out to every
 * watcher; a watcher re-reads its run when any run changes (another run starting or finishing
 * moves the queue position) and yields a new view only when something visible changed, and
 * reads its run's new live rows (run_live_events) when the worker pushed some.
 */
const runEvents = new EventEmitter();
runEvents.setMaxListeners(0);
/** Keyed by run id: only the watchers of that run wake up. */
const liveEvents = new EventEmitter();
liveEvents.setMaxListeners(0);
let listening: Promise<unknown> | null = null;

function ensureListening(): Promise<unknown> {
  listening ??= Promise.all([
    getSql().listen(RUN_EVENTS_CHANNEL, (runId) => runEvents.emit("change", runId)),
    getSql().listen(RUN_LIVE_CHANNEL, (runId) => liveEvents.emit(runId)),
  ]).catch((error: unknown) => {
    listening = null;
    throw error;
  });
  return listening;
}

/** A missed notification (a reconnect) is caught up by re-reading at least this often. */
const RECHECK_MS = 10_000;

const visible = (view: RunView) => JSON.stringify([view.status, view.queuePosition, view.startedAt, view.finishedAt, view.artifacts.length]);

export type RunWatchEvent = { type: "run"; view: RunView } | ({ type: "live" } & LiveUpdate);

/**
 * The right to watch is checked again before every view or live update it yields (and at least
 * every RECHECK_MS): a user signed out, deactivated or demoted while the stream is open stops
 * getting the run — its status, result, logs and progress — at once; the stream ends with that
 * refusal.
 */
export async function* watchRun({
  actor,
  reloadActor = async () => actor,
  runId,
  signal,
}: {
  actor: Actor | null;
  /** The actor read fresh from the same session (server/api/trpc.ts). */
  reloadActor?: () => Promise<Actor | null>;
  runId: string;
  signal?: AbortSignal;
}): AsyncGenerator<RunWatchEvent> {
  const db = getDb();
  const recheck = async () => loadVisibleRun(db, requireRole(await reloadActor(), "user"), runId);
  const access = await loadVisibleRun(db, requireRole(actor, "user"), runId);
  // The worker writes no log text for a KÖR; this keeps it so should one ever be there.
  const showLogs = access.context === "sandbox";
  await ensureListening();

  let wake: (() => void) | null = null;
  let dirty = true;
  let liveDirty = true;
  const onChange = () => {
    dirty = true;
    wake?.();
  };
  const onLive = () => {
    liveDirty = true;
    wake?.();
  };
  runEvents.on("change", onChange);
  liveEvents.on(runId, onLive);
  signal?.addEventListener("abort", onChange);
  try {
    let last = "";
    let lastSeq = 0;
    let stdoutLength = 0;
    let stderrLength = 0;
    let running = false;
    while (!signal?.aborted) {
      if (dirty) {
        dirty = false;
        const run = await recheck();
        const view = await buildRunView(db, run);
        const key = visible(view);
        if (key !== last) {
          last = key;
          yield { type: "run", view };
        }
        if (FINISHED_RUN_STATUSES.includes(view.status)) return;
        running = view.status === "running";
      }
      if (liveDirty && running) {
        liveDirty = false;
        const rows = await db
          .select()
          .from(runLiveEvents)
          .where(and(eq(runLiveEvents.runId, runId), gt(runLiveEvents.seq, lastSeq)))
          .orderBy(asc(runLiveEvents.seq));
        if (rows.length > 0) {
          lastSeq = rows.at(-1)!.seq;
          const stdout = showLogs ? rows.map((row) => row.stdout).join("") : "";
          const stderr = showLogs ? rows.map((row) => row.stderr).join("") : "";
          const reported = rows.findLast((row) => row.progressMessage !== null);
          const update: LiveUpdate = {
            stdoutFrom: stdoutLength,
            stdout,
            stderrFrom: stderrLength,
            stderr,
            stdoutTruncated: showLogs && rows.some((row) => row.stdoutTruncated),
            stderrTruncated: showLogs && rows.some((row) => row.stderrTruncated),
            progress: reported ? { message: reported.progressMessage!, fraction: reported.progressFraction } : null,
          };
          stdoutLength += stdout.length;
          stderrLength += stderr.length;
          if (update.stdout || update.stderr || update.stdoutTruncated || update.stderrTruncated || update.progress) {
            await recheck();
            yield { type: "live", ...update };
          }
        }
      }
      if (dirty || (liveDirty && running)) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, RECHECK_MS);
      });
      wake = null;
      if (!signal?.aborted) {
        // Woken by a notification, or the recheck timer: read both (cheap, and catches a missed one).
        dirty ||= !liveDirty;
        liveDirty = true;
      }
    }
  } finally {
    runEvents.off("change", onChange);
    liveEvents.off(runId, onLive);
    signal?.removeEventListener("abort", onChange);
  }
}
