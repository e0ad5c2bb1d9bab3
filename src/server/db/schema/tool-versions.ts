import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { versionStateEnum } from "./enums";
import { tools } from "./tools";
import { users } from "./users";

/**
 * Append-only: source, entrypoint and schemas never change after insert; only the lifecycle
 * columns (state, submitted/reviewed/published, notes) move.
 */
export const toolVersions = pgTable(
  "tool_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    toolId: uuid("tool_id")
      .notNull()
      .references((): AnyPgColumn => tools.id, { onDelete: "cascade" }),
    versionNumber: integer("version_number").notNull(),
    state: versionStateEnum("state").notNull().default("draft"),
    sourceCode: text("source_code").notNull(),
    entrypoint: text("entrypoint").notNull().default("run_tool"),
    inputSchema: jsonb("input_schema").notNull().default([]),
    settingsSchema: jsonb("settings_schema").notNull().default([]),
    usageInstructions: text("usage_instructions").notNull().default(""),
    contentHash: text("content_hash").notNull(),
    parentVersionId: uuid("parent_version_id").references((): AnyPgColumn => toolVersions.id),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    changeSummary: text("change_summary"),
    submittedBy: uuid("submitted_by").references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewNote: text("review_note"),
    publishedBy: uuid("published_by").references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [
    unique("tool_versions_tool_number").on(t.toolId, t.versionNumber),
    // At most one active version per tool, enforced by the database itself.
    uniqueIndex("tool_versions_one_active").on(t.toolId).where(sql`${t.state} = 'active'`),
    index("tool_versions_state_idx").on(t.state),
  ],
);
