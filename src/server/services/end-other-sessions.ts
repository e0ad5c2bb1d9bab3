import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { users } from "../db/schema";
import { bumpSessionVersion } from "./last-admin-guard";

/**
 * Ends every session of the user except the one making the request. The one seam for "sign
 * the user out elsewhere" (a password change today).
 *
 * Today a session is a JWT cookie carrying the user's session version, so ending the others
 * means bumping the version — which ends the current one too. The caller therefore re-issues
 * the current session afterwards (the profile's password action signs in again with the new
 * password). With server-side session rows this becomes "delete the user's rows except the
 * current one" and the re-issue goes away.
 */
export async function endOtherSessions(tx: DbOrTx, userId: string): Promise<{ sessionVersion: number }> {
  const [row] = await tx.update(users).set({ sessionVersion: bumpSessionVersion }).where(eq(users.id, userId)).returning({ sessionVersion: users.sessionVersion });
  if (!row) throw new Error("endOtherSessions: no such user");
  return row;
}
