import { integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { runContextEnum } from "./enums";
import { tools } from "./tools";
import { users } from "./users";

/** Per (tool, user, context): interactive state with a revision, and the user's settings. */
export const toolSessions = pgTable(
  "tool_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    toolId: uuid("tool_id")
      .notNull()
      .references(() => tools.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    context: runContextEnum("context").notNull(),
    state: jsonb("state").notNull().default({}),
    stateRevision: integer("state_revision").notNull().default(0),
    settings: jsonb("settings").notNull().default({}),
    /** Hash of the settings_schema the settings were saved under: a changed schema starts empty. */
    settingsSchemaHash: text("settings_schema_hash"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("tool_sessions_tool_user_context").on(t.toolId, t.userId, t.context)],
);
