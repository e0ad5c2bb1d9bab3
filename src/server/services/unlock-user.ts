import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { unlockUserInput } from "@/lib/user-schemas";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { clearLoginThrottle } from "./login-throttle";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { notFound } from "./service-error";

/**
 * Lifts every login limit on an account (from every address and device) before its window has
 * passed. Audit logged, whoever does it: an admin in the UI or the operator at the command line.
 */
export async function unlockUser({ actor, input }: { actor: Actor | null; input: z.input<typeof unlockUserInput> }) {
  const admin = requireRole(actor, "admin");
  const { userId } = parseInput(unlockUserInput, input);
  return getDb().transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId));
    if (!user) throw notFound("Användaren");
    const limitsLifted = await clearLoginThrottle(tx, user.email);
    await recordAuditEvent(tx, { actor: admin, action: "user.unlocked", targetType: "user", targetId: user.id, after: { limitsLifted } });
    return { id: user.id };
  });
}
