import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { setUserRoleInput } from "@/lib/user-schemas";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { assertNotLastActiveAdmin, lockAdminChanges } from "./last-admin-guard";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { notFound } from "./service-error";

export async function setUserRole({ actor, input }: { actor: Actor | null; input: z.input<typeof setUserRoleInput> }) {
  const admin = requireRole(actor, "admin");
  const { userId, role } = parseInput(setUserRoleInput, input);
  return getDb().transaction(async (tx) => {
    await lockAdminChanges(tx);
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw notFound("Användaren");
    if (user.role === role) return { id: user.id, role };
    if (user.role === "admin") {
      await assertNotLastActiveAdmin(tx, user.id, "Det måste finnas minst en aktiv administratör. Utse en annan administratör först.");
    }
    await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, userId));
    await recordAuditEvent(tx, {
      actor: admin,
      action: "user.role_changed",
      targetType: "user",
      targetId: userId,
      before: { role: user.role },
      after: { role },
    });
    return { id: user.id, role };
  });
}
