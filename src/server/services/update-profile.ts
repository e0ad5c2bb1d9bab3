import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { updateProfileInput } from "@/lib/user-schemas";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { requireUser, type Actor } from "./actor";
import { parseInput } from "./parse-input";

/** The signed-in user's own profile: today the name shown to others (reviews, maintainers). */
export async function updateProfile({ actor, input }: { actor: Actor | null; input: z.input<typeof updateProfileInput> }) {
  const who = requireUser(actor, "user", "Bara inloggade användare har en profil.");
  const { displayName } = parseInput(updateProfileInput, input);
  await getDb().update(users).set({ displayName, updatedAt: new Date() }).where(eq(users.id, who.userId));
  return { displayName };
}
