import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "../db/client";
import { toolSuggestions, tools, users } from "../db/schema";
import { requireRole, requireUser, type Actor } from "./actor";

const SUGGESTIONS_LIMIT = 200;

const suggester = alias(users, "suggester");

function columns() {
  return {
    id: toolSuggestions.id,
    title: toolSuggestions.title,
    description: toolSuggestions.description,
    professions: toolSuggestions.professionSlugs,
    categories: toolSuggestions.categorySlugs,
    status: sql<"pending" | "accepted" | "declined">`${toolSuggestions.status}`,
    decisionNote: toolSuggestions.decisionNote,
    decidedAt: toolSuggestions.decidedAt,
    createdAt: toolSuggestions.createdAt,
    toolTitle: tools.title,
  };
}

/** Mina förslag: the signed-in person's own suggestions and what was decided. */
export async function listMySuggestions({ actor }: { actor: Actor | null }) {
  const who = requireUser(actor, "user", "Bara inloggade användare har förslag.");
  return getDb()
    .select(columns())
    .from(toolSuggestions)
    .leftJoin(tools, eq(tools.id, toolSuggestions.toolId))
    .where(eq(toolSuggestions.suggestedBy, who.userId))
    .orderBy(desc(toolSuggestions.createdAt))
    .limit(SUGGESTIONS_LIMIT);
}

/** Admin › Förslag: pending ones first, newest first; with who suggested and who decided. */
export async function listSuggestions({ actor }: { actor: Actor | null }) {
  requireRole(actor, "admin");
  const db = getDb();
  const [suggestions, contributors] = await Promise.all([
    db
      .select({ ...columns(), toolId: toolSuggestions.toolId, toolSlug: tools.slug, suggestedBy: suggester.displayName, suggestedByEmail: suggester.email })
      .from(toolSuggestions)
      .innerJoin(suggester, eq(suggester.id, toolSuggestions.suggestedBy))
      .leftJoin(tools, eq(tools.id, toolSuggestions.toolId))
      .orderBy(sql`${toolSuggestions.status} = 'pending' desc`, desc(toolSuggestions.createdAt))
      .limit(SUGGESTIONS_LIMIT),
    // Who can maintain the draft: active contributors and admins.
    db
      .select({ id: users.id, displayName: users.displayName, email: users.email })
      .from(users)
      .where(sql`${users.isActive} and ${users.role} in ('contributor', 'admin')`)
      .orderBy(users.displayName),
  ]);
  return { suggestions, contributors };
}
