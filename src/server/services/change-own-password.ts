import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { changeOwnPasswordInput } from "@/lib/user-schemas";
import { hashPassword, verifyPassword } from "../auth/password";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { requireUser, type Actor } from "./actor";
import { endOtherSessions } from "./end-other-sessions";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { invalidFields, notFound } from "./service-error";

/**
 * A signed-in user changes their own password: the current one must be right (a session left
 * open on a shared computer must not be enough to take the account over), and the user's other
 * sessions end. Audit-logged without any password.
 */
export async function changeOwnPassword({ actor, input }: { actor: Actor | null; input: z.input<typeof changeOwnPasswordInput> }) {
  const who = requireUser(actor, "user", "Bara inloggade användare kan byta lösenord.");
  const { currentPassword, newPassword } = parseInput(changeOwnPasswordInput, input);
  const db = getDb();
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, who.userId));
  if (!user) throw notFound("Användaren");
  if (!(await verifyPassword(user.passwordHash, currentPassword))) throw invalidFields({ currentPassword: "Det nuvarande lösenordet stämmer inte." });
  if (currentPassword === newPassword) throw invalidFields({ newPassword: "Välj ett annat lösenord än det du har nu." });
  const passwordHash = await hashPassword(newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, who.userId));
    const { sessionVersion } = await endOtherSessions(tx, who.userId);
    await recordAuditEvent(tx, { actor: who, action: "user.password_changed", targetType: "user", targetId: who.userId, after: { by: "self" } });
    return { sessionVersion };
  });
}
