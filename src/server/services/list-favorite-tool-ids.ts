import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { toolFavorites } from "../db/schema";
import { requireUser, type Actor } from "./actor";

/**
 * The ids of the acting user's starred tools. The browser asks for these after the Katalog has
 * loaded: the Katalog's HTML is shared by everyone with the same role (server/http/page-cache.ts)
 * and must not carry anyone's stars.
 */
export async function listFavoriteToolIds({ actor }: { actor: Actor | null }) {
  const who = requireUser(actor, "user", "Bara inloggade användare har favoriter.");
  const rows = await getDb().select({ toolId: toolFavorites.toolId }).from(toolFavorites).where(eq(toolFavorites.userId, who.userId));
  return { toolIds: rows.map((row) => row.toolId) };
}
