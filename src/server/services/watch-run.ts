import "server-only";
import { EventEmitter } from "node:events";
import { FINISHED_RUN_STATUSES } from "@/lib/domain";
import { getDb, getSql } from "../db/client";
import { RUN_EVENTS_CHANNEL } from "../execution/queue";
import { requireRole, type Actor } from "./actor";
import { buildRunView, type RunView } from "./get-run";
import { loadVisibleRun } from "./run-access";

/**
 * Live run updates for the browser. One LISTEN per web process fans out to every watcher; a
 * watcher re-reads its run when any run changes (another run starting or finishing moves the
 * queue position) and yields a new view only when something visible changed.
 */
const runEvents = new EventEmitter();
runEvents.setMaxListeners(0);
let listening: Promise<unknown> | null = null;

function ensureListening(): Promise<unknown> {
  listening ??= getSql()
    .listen(RUN_EVENTS_CHANNEL, (runId) => runEvents.emit("change", runId))
    .catch((error: unknown) => {
      listening = null;
      throw error;
    });
  return listening;
}

/** A missed notification (a reconnect) is caught up by re-reading at least this often. */
const RECHECK_MS = 10_000;

const visible = (view: RunView) => JSON.stringify([view.status, view.queuePosition, view.startedAt, view.finishedAt, view.artifacts.length]);

/**
 * The right to watch is checked again before every view it yields (and at least every
 * RECHECK_MS): a user signed out, deactivated or demoted while the stream is open stops getting
 * the run — its status, result and logs — at once; the stream ends with that refusal.
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
}): AsyncGenerator<RunView> {
  const db = getDb();
  await loadVisibleRun(db, requireRole(actor, "user"), runId);
  await ensureListening();

  let wake: (() => void) | null = null;
  let dirty = true;
  const onChange = () => {
    dirty = true;
    wake?.();
  };
  runEvents.on("change", onChange);
  signal?.addEventListener("abort", onChange);
  try {
    let last = "";
    while (!signal?.aborted) {
      if (dirty) {
        dirty = false;
        const run = await loadVisibleRun(db, requireRole(await reloadActor(), "user"), runId);
        const view = await buildRunView(db, run);
        const key = visible(view);
        if (key !== last) {
          last = key;
          yield view;
        }
        if (FINISHED_RUN_STATUSES.includes(view.status)) return;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, RECHECK_MS);
      });
      wake = null;
      dirty = true;
    }
  } finally {
    runEvents.off("change", onChange);
    signal?.removeEventListener("abort", onChange);
  }
}
