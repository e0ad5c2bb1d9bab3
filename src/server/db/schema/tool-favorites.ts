import { index, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { tools } from "./tools";
import { users } from "./users";

/** A user's starred tools (private to that user: only their own services read or write them). */
export const toolFavorites = pgTable(
  "tool_favorites",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    toolId: uuid("tool_id")
      .notNull()
      .references(() => tools.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.toolId] }), index("tool_favorites_tool_idx").on(t.toolId)],
);
