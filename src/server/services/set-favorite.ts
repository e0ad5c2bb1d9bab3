import "server-only";
import { and, eq, isNotNull } from "drizzle-orm";
import type { z } from "zod";
import { setFavoriteInput } from "@/lib/catalog-schemas";
import { getDb } from "../db/client";
import { toolFavorites, tools } from "../db/schema";
import { requireUser, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { notFound } from "./service-error";

/**
 * Stars or unstars a tool for the acting user only (the key is always the actor's own id, so
 * nobody can change another person's favourites). Only a tool in the Katalog can be starred;
 * unstarring always works, also after the tool has left the Katalog. Idempotent both ways.
 */
export async function setFavorite({ actor, input }: { actor: Actor | null; input: z.input<typeof setFavoriteInput> }) {
  const who = requireUser(actor, "user", "Bara inloggade användare har favoriter.");
  const { toolId, favorite } = parseInput(setFavoriteInput, input);
  const db = getDb();
  if (!favorite) {
    await db.delete(toolFavorites).where(and(eq(toolFavorites.userId, who.userId), eq(toolFavorites.toolId, toolId)));
    return { toolId, favorite };
  }
  const [tool] = await db
    .select({ id: tools.id })
    .from(tools)
    .where(and(eq(tools.id, toolId), eq(tools.isPublished, true), isNotNull(tools.activeVersionId)));
  if (!tool) throw notFound("Verktyget");
  await db.insert(toolFavorites).values({ userId: who.userId, toolId }).onConflictDoNothing();
  return { toolId, favorite };
}
