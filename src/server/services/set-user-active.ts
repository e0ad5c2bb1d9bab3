import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { setUserActiveInput } from "@/lib/user-schemas";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { assertNotLastActiveAdmin, lockAdminChanges, bumpSessionVersion } from "./last-admin-guard";
import { clearLoginThrottle } from "./login-throttle";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { notFound } from "./service-error";

/** Deactivation ends the user's sessions at once; reactivation also lifts a lock-out. */
export async function setUserActive({ actor, input }: { actor: Actor | null; input: z.input<typeof setUserActiveInput> }) {
  const admin = requireRole(actor, "admin");
  const { userId, active } = parseInput(setUserActiveInput, input);
  return getDb().transaction(async (tx) => {
    await lockAdminChanges(tx);
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw notFound("Användaren");
    if (user.isActive === active) return { id: user.id, isActive: active };
    if (!active) {
      await assertNotLastActiveAdmin(tx, user.id, "Den sista aktiva administratören kan inte inaktiveras.");
    }
    await tx
      .update(users)
      .set(active ? { isActive: true, updatedAt: new Date() } : { isActive: false, sessionVersion: bumpSessionVersion, updatedAt: new Date() })
      .where(eq(users.id, userId));
    if (active) await clearLoginThrottle(tx, user.email);
    await recordAuditEvent(tx, {
      actor: admin,
      action: active ? "user.reactivated" : "user.deactivated",
      targetType: "user",
      targetId: userId,
      before: { isActive: user.isActive },
      after: { isActive: active },
    });
    return { id: user.id, isActive: active };
  });
}
