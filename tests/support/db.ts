import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import type { Role } from "../../src/lib/domain";
import { hashPassword } from "../../src/server/auth/password";
import { getDb } from "../../src/server/db/client";
import { users } from "../../src/server/db/schema";
import type { Actor } from "../../src/server/services/actor";

/** A unique e-mail per call, so test files never collide in the shared database. */
export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${crypto.randomBytes(5).toString("hex")}@test.skriptoteket`;
}

/** Inserts a real user row and returns the actor a signed-in session of theirs would have. */
export async function createTestUser(role: Role, options: { password?: string; email?: string } = {}) {
  const email = options.email ?? uniqueEmail(role);
  const password = options.password ?? "correct-horse-battery";
  const [row] = await getDb()
    .insert(users)
    .values({ email, displayName: `Test ${role}`, role, passwordHash: await hashPassword(password) })
    .returning();
  if (!row) throw new Error("insert failed");
  const actor: Actor = { kind: "user", userId: row.id, role, email, displayName: row.displayName };
  return { user: row, actor, password };
}

export async function reloadUser(userId: string) {
  const [row] = await getDb().select().from(users).where(eq(users.id, userId));
  return row;
}
