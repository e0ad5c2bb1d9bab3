import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { unlockUserInput } from "@/lib/user-schemas";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { notFound } from "./service-error";

/** Lifts a lock-out after too many failed logins before its 15 minutes have passed. */
export async function unlockUser({ actor, input }: { actor: Actor | null; input: z.input<typeof unlockUserInput> }) {
  requireRole(actor, "admin");
  const { userId } = parseInput(unlockUserInput, input);
  const [updated] = await getDb()
    .update(users)
    .set({ failedLoginCount: 0, lockedUntil: null, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  if (!updated) throw notFound("Användaren");
  return updated;
}
