import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tools } from "./tools";
import { users } from "./users";

/**
 * Which version of a tool's usage instructions a person has seen (a hash of the text): the tool
 * page opens the instructions until they have, and again when the text changes.
 */
export const instructionViews = pgTable(
  "instruction_views",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    toolId: uuid("tool_id")
      .notNull()
      .references(() => tools.id, { onDelete: "cascade" }),
    instructionsHash: text("instructions_hash").notNull(),
    seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.toolId] })],
);

/** Föreslå verktyg: a person's idea for a tool, and the admin's decision on it. */
export const toolSuggestions = pgTable(
  "tool_suggestions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    suggestedBy: uuid("suggested_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** What the tool should do, in the suggester's words. */
    description: text("description").notNull(),
    professionSlugs: text("profession_slugs").array().notNull().default(sql`'{}'::text[]`),
    categorySlugs: text("category_slugs").array().notNull().default(sql`'{}'::text[]`),
    status: text("status").notNull().default("pending"),
    decisionNote: text("decision_note"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** The draft tool an accepted suggestion became. */
    toolId: uuid("tool_id").references(() => tools.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("tool_suggestions_status", sql`${t.status} in ('pending', 'accepted', 'declined')`),
    index("tool_suggestions_status_idx").on(t.status, t.createdAt),
    index("tool_suggestions_user_idx").on(t.suggestedBy, t.createdAt),
  ],
);
