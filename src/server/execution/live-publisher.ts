import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "../db/client";
import { runLiveEvents } from "../db/schema";
import type { LiveEvent } from "./live-frames";
import { postgresSafeText } from "./postgres-safe";
import { RUN_LIVE_CHANNEL } from "./queue";
import { componentLogger } from "../observability/logger";

const log = componentLogger("worker");

/** At most four pushes a second per run, however fast the tool prints or reports. */
export const LIVE_FLUSH_MS = 250;

type Pending = {
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  progress: { message: string; fraction: number | null } | null;
};

const empty = (): Pending => ({ stdout: "", stderr: "", stdoutTruncated: false, stderrTruncated: false, progress: null });

/**
 * Pushes one run's live output to Postgres for the web process: batched (one row and one
 * NOTIFY per push, the first at once, then at most every LIVE_FLUSH_MS), bounded (what waits
 * is capped by the frame parser: 200,000 bytes per stream in all), never blocking the run (a
 * slow database only makes the batches larger; a failing one loses live lines, not the run).
 * Teachers never see logs: `logs: false` (KÖR) publishes progress only.
 */
export class LivePublisher {
  private pending = empty();
  private dirty = false;
  private seq = 0;
  private lastFlush = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private closed = false;
  private lastProgress = "";
  private failed = false;

  constructor(
    private readonly db: Database,
    private readonly runId: string,
    private readonly options: { logs: boolean },
  ) {}

  add(event: LiveEvent): void {
    if (this.closed) return;
    if (event.kind === "progress") {
      const key = JSON.stringify([event.message, event.fraction]);
      if (key === this.lastProgress) return;
      this.lastProgress = key;
      this.pending.progress = { message: event.message, fraction: event.fraction };
    } else if (!this.options.logs) {
      return;
    } else if (event.kind === "log") {
      this.pending[event.stream] += event.text;
    } else {
      this.pending[event.stream === "stdout" ? "stdoutTruncated" : "stderrTruncated"] = true;
    }
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.inFlight || this.closed) return;
    const wait = Math.max(0, this.lastFlush + LIVE_FLUSH_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (!this.dirty || this.closed) return;
    const batch = this.pending;
    this.pending = empty();
    this.dirty = false;
    this.lastFlush = Date.now();
    this.seq += 1;
    this.inFlight = this.write(this.seq, batch)
      .catch((error: unknown) => {
        // Only the error's kind: a query error carries its parameters, i.e. what the tool printed.
        if (!this.failed) log.error({ runId: this.runId, errorKind: errorKind(error) }, "live output could not be stored");
        this.failed = true;
      })
      .finally(() => {
        this.inFlight = null;
        if (this.dirty) this.schedule();
      });
  }

  private async write(seq: number, batch: Pending): Promise<void> {
    const row = {
      runId: this.runId,
      seq,
      stdout: postgresSafeText(batch.stdout),
      stderr: postgresSafeText(batch.stderr),
      stdoutTruncated: batch.stdoutTruncated,
      stderrTruncated: batch.stderrTruncated,
      progressMessage: batch.progress ? postgresSafeText(batch.progress.message) : null,
      progressFraction: batch.progress?.fraction ?? null,
    };
    await this.db.transaction(async (tx) => {
      await tx.insert(runLiveEvents).values(row);
      await tx.execute(sql`select pg_notify(${RUN_LIVE_CHANNEL}, ${this.runId}::text)`);
    });
  }

  /** Whether any live row of this run may exist (a push was started, even if it failed). */
  get wroteRows(): boolean {
    return this.seq > 0;
  }

  /** Stops pushing (the run's result is about to be stored); waits for a push in flight. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }
}

/** The stored logs take over when a run ends: its live rows go (in the finishing transaction). */
export async function deleteLiveEvents(tx: DbOrTx, runId: string): Promise<void> {
  await tx.delete(runLiveEvents).where(eq(runLiveEvents.runId, runId));
}

function errorKind(error: unknown): string {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return [typeof name === "string" ? name : "Error", typeof code === "string" ? code : null].filter(Boolean).join(" ");
}
