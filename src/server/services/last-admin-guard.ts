import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { users } from "../db/schema";
import { ServiceError } from "./service-error";

/**
 * Serializes every change that could affect the set of active admins. Without it, two admins
 * demoting each other lock their own target rows first and then wait for each other's: a
 * deadlock instead of one success and one clear refusal. Call first in the transaction.
 */
export async function lockAdminChanges(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('skriptoteket.admin-set'))`);
}

/**
 * Refuses a change that would leave no active admin. Locks the active admin rows first, so two
 * admins demoting each other at the same moment cannot both succeed.
 */
export async function assertNotLastActiveAdmin(tx: DbOrTx, userId: string, message: string): Promise<void> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.isActive, true)))
    .for("update");
  const isAdmin = admins.some((admin) => admin.id === userId);
  if (isAdmin && admins.length <= 1) throw new ServiceError("CONFLICT", message);
}

export const bumpSessionVersion = sql`${users.sessionVersion} + 1`;
