import { boolean, doublePrecision, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { toolRuns } from "./tool-runs";

/**
 * What a running tool printed and reported since the previous push: one row per push (at most
 * four a second per run), written by the worker, read by the web process's live view. Only
 * while the run goes on: the worker deletes a run's rows when it stores the result (the stored
 * logs take over), so the table holds running runs only. Log text only for TESTKÖR runs.
 * Capped like the stored logs (200,000 bytes per stream in all, per run).
 */
export const runLiveEvents = pgTable(
  "run_live_events",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => toolRuns.id, { onDelete: "cascade" }),
    /** 1, 2, 3… per run, in push order. */
    seq: integer("seq").notNull(),
    stdout: text("stdout").notNull().default(""),
    stderr: text("stderr").notNull().default(""),
    stdoutTruncated: boolean("stdout_truncated").notNull().default(false),
    stderrTruncated: boolean("stderr_truncated").notNull().default(false),
    /** The latest progress report of the push, if there was one. */
    progressMessage: text("progress_message"),
    progressFraction: doublePrecision("progress_fraction"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);
