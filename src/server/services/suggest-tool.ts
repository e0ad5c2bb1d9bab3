import "server-only";
import { getDb } from "../db/client";
import { toolSuggestions } from "../db/schema";
import { suggestToolInput, type SuggestToolInput } from "@/lib/everyday-schemas";
import { requireUser, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { ServiceError } from "./service-error";

/** Föreslå verktyg: anyone signed in suggests a tool; admins decide. */
export async function suggestTool({ actor, input }: { actor: Actor | null; input: SuggestToolInput }) {
  const who = requireUser(actor, "user", "Bara inloggade användare kan föreslå verktyg.");
  const { title, description, professions, categories } = parseInput(suggestToolInput, input);
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(toolSuggestions)
      .values({ suggestedBy: who.userId, title, description, professionSlugs: professions, categorySlugs: categories })
      .returning({ id: toolSuggestions.id });
    if (!row) throw new ServiceError("INTERNAL", "Förslaget kunde inte sparas.");
    // The suggestion's text stays in its own row (the suggester can have it erased); the log names it by id.
    await recordAuditEvent(tx, { actor: who, action: "suggestion.created", targetType: "suggestion", targetId: row.id });
    return { id: row.id };
  });
}
