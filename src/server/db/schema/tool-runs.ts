import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { runContextEnum, runStatusEnum } from "./enums";
import { toolVersions } from "./tool-versions";
import { tools } from "./tools";
import { users } from "./users";

export const toolRuns = pgTable(
  "tool_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    toolId: uuid("tool_id")
      .notNull()
      .references(() => tools.id, { onDelete: "cascade" }),
    versionId: uuid("version_id").references(() => toolVersions.id),
    /** TESTKÖR of unsaved editor content has no version row: its source is kept here. */
    adHocSource: text("ad_hoc_source"),
    adHocEntrypoint: text("ad_hoc_entrypoint"),
    /**
     * TESTKÖR: the content hash (as versions are hashed) of exactly what ran — a saved version's
     * hash, or the editor's text with its schemas and instructions. The review page finds the
     * evidence for a version by it, so a run of changed content is never shown as evidence.
     */
    contentHash: text("content_hash"),
    context: runContextEnum("context").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    status: runStatusEnum("status").notNull().default("queued"),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** [{name, bytes, storeKey}] — the uploaded files as stored before the run was queued. */
    inputManifest: jsonb("input_manifest").notNull().default([]),
    inputValues: jsonb("input_values").notNull().default({}),
    settingsUsed: jsonb("settings_used").notNull().default({}),
    /** Follow-up action runs: {actionId, input, state, stateRevision}. */
    action: jsonb("action"),
    stdout: text("stdout"),
    stderr: text("stderr"),
    stdoutTruncated: boolean("stdout_truncated").notNull().default(false),
    stderrTruncated: boolean("stderr_truncated").notNull().default(false),
    /** Normalized {outputs, nextActions}; state goes to the tool session. */
    uiPayload: jsonb("ui_payload"),
    errorSummary: text("error_summary"),
    exitCode: integer("exit_code"),
    workerId: text("worker_id"),
    attempts: integer("attempts").notNull().default(0),
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true }),
    /**
     * When the run's files and stored result (inputs, artifacts, UI payload, logs, values) were
     * removed by the retention prune; the row stays as history (tool, when, status).
     */
    purgedAt: timestamp("purged_at", { withTimezone: true }),
  },
  (t) => [
    index("tool_runs_user_queued_idx").on(t.userId, t.queuedAt),
    index("tool_runs_status_idx").on(t.status),
    index("tool_runs_tool_idx").on(t.toolId),
    // "Does any run still use this stored upload?" (Kör igen shares them): a containment
    // lookup per batch when runs are deleted or pruned, instead of a scan of every manifest.
    index("tool_runs_input_manifest_idx").using("gin", t.inputManifest.op("jsonb_path_ops")),
    index("tool_runs_tool_content_hash_idx").on(t.toolId, t.contentHash),
  ],
);

export const runArtifacts = pgTable(
  "run_artifacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => toolRuns.id, { onDelete: "cascade" }),
    /** Relative to the tool's output folder, e.g. "output/report.pdf". */
    path: text("path").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    contentType: text("content_type").notNull(),
    storeKey: text("store_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("run_artifacts_run_path").on(t.runId, t.path)],
);
