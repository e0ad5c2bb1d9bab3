import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { decideSuggestionInput, type DecideSuggestionInput } from "@/lib/everyday-schemas";
import { getDb } from "../db/client";
import { toolSuggestions, users } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { createDraftTool } from "./create-tool";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { notFound, ServiceError } from "./service-error";

const ALREADY_DECIDED = "Förslaget har redan fått ett beslut. Ladda om sidan.";

/**
 * An admin accepts a suggestion — a draft tool with the title and taxonomy they settle on,
 * owned and maintained by the contributor they choose — or declines it with a reason. The
 * decision is taken once: the row is claimed while still pending, in the tool's transaction.
 */
export async function decideSuggestion({ actor, input }: { actor: Actor | null; input: DecideSuggestionInput }) {
  const who = requireRole(actor, "admin");
  const parsed = parseInput(decideSuggestionInput, input);
  const db = getDb();
  const [suggestion] = await db.select().from(toolSuggestions).where(eq(toolSuggestions.id, parsed.suggestionId));
  if (!suggestion) throw notFound("Förslaget");
  if (suggestion.status !== "pending") throw new ServiceError("CONFLICT", ALREADY_DECIDED);
  const pending = and(eq(toolSuggestions.id, suggestion.id), eq(toolSuggestions.status, "pending"));

  if (parsed.decision === "decline") {
    await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(toolSuggestions)
        .set({ status: "declined", decisionNote: parsed.note, decidedBy: actorIdOf(who), decidedAt: new Date() })
        .where(pending)
        .returning({ id: toolSuggestions.id });
      if (!claimed) throw new ServiceError("CONFLICT", ALREADY_DECIDED);
      await recordAuditEvent(tx, { actor: who, action: "suggestion.declined", targetType: "suggestion", targetId: suggestion.id });
    });
    return { status: "declined" as const, tool: null };
  }

  const [maintainer] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, parsed.maintainerId), eq(users.isActive, true), inArray(users.role, ["contributor", "admin"])));
  if (!maintainer) {
    const message = "Välj en aktiv bidragsgivare som ska underhålla verktyget.";
    throw new ServiceError("VALIDATION", message, { fieldErrors: { maintainerId: message } });
  }
  const tool = await createDraftTool(
    db,
    { actor: who, ownerId: maintainer.id, title: parsed.title, summary: "", professions: parsed.professions, categories: parsed.categories },
    async (tx, created) => {
      const [claimed] = await tx
        .update(toolSuggestions)
        .set({ status: "accepted", decisionNote: parsed.note || null, decidedBy: actorIdOf(who), decidedAt: new Date(), toolId: created.id })
        .where(pending)
        .returning({ id: toolSuggestions.id });
      if (!claimed) throw new ServiceError("CONFLICT", ALREADY_DECIDED);
      await recordAuditEvent(tx, { actor: who, action: "suggestion.accepted", targetType: "suggestion", targetId: suggestion.id, after: { toolId: created.id, maintainerId: maintainer.id } });
    },
  );
  return { status: "accepted" as const, tool };
}

function actorIdOf(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}
