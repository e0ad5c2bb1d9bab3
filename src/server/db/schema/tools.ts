import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { categories, professions } from "./taxonomy";
import { toolVersions } from "./tool-versions";
import { users } from "./users";

export const tools = pgTable(
  "tools",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    isPublished: boolean("is_published").notNull().default(false),
    activeVersionId: uuid("active_version_id").references((): AnyPgColumn => toolVersions.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("tools_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    index("tools_published_idx").on(t.isPublished),
  ],
);

export const toolMaintainers = pgTable(
  "tool_maintainers",
  {
    toolId: uuid("tool_id")
      .notNull()
      .references(() => tools.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    addedBy: uuid("added_by").references(() => users.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.toolId, t.userId] }), index("tool_maintainers_user_idx").on(t.userId)],
);

export const toolProfessions = pgTable(
  "tool_professions",
  {
    toolId: uuid("tool_id")
      .notNull()
      .references(() => tools.id, { onDelete: "cascade" }),
    professionSlug: text("profession_slug")
      .notNull()
      .references(() => professions.slug),
  },
  (t) => [primaryKey({ columns: [t.toolId, t.professionSlug] })],
);

export const toolCategories = pgTable(
  "tool_categories",
  {
    toolId: uuid("tool_id")
      .notNull()
      .references(() => tools.id, { onDelete: "cascade" }),
    categorySlug: text("category_slug")
      .notNull()
      .references(() => categories.slug),
  },
  (t) => [primaryKey({ columns: [t.toolId, t.categorySlug] })],
);
