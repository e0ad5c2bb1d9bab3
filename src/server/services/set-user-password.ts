import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { setUserPasswordInput } from "@/lib/user-schemas";
import { hashPassword } from "../auth/password";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { bumpSessionVersion } from "./last-admin-guard";
import { clearLoginThrottle } from "./login-throttle";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { notFound } from "./service-error";

/** An admin sets a new password: every existing session of that user ends, and a lock-out is lifted. */
export async function setUserPassword({ actor, input }: { actor: Actor | null; input: z.input<typeof setUserPasswordInput> }) {
  const admin = requireRole(actor, "admin");
  const { userId, password } = parseInput(setUserPasswordInput, input);
  const passwordHash = await hashPassword(password);
  return getDb().transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: bumpSessionVersion, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ id: users.id, email: users.email });
    if (!updated) throw notFound("Användaren");
    await clearLoginThrottle(tx, updated.email);
    await recordAuditEvent(tx, { actor: admin, action: "user.password_changed", targetType: "user", targetId: userId });
    return { id: updated.id };
  });
}
