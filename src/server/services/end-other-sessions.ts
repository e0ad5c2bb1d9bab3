import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { authSessions, users } from "../db/schema";
import { bumpSessionVersion } from "./last-admin-guard";

/**
 * Ends every session of the user except the one making the request. The one seam for "sign
 * the user out elsewhere" (a password change today).
 *
 * A session is a server-side row (auth_sessions) named by the cookie, and the cookie also
 * carries the user's session version. Bumping the version and deleting the rows ends every
 * session at once — the current one too, which the caller re-issues afterwards (the profile's
 * password action signs in again with the new password): simpler and safer than telling the
 * current row apart, since the actor does not carry its session id.
 */
export async function endOtherSessions(tx: DbOrTx, userId: string): Promise<{ sessionVersion: number }> {
  const [row] = await tx.update(users).set({ sessionVersion: bumpSessionVersion }).where(eq(users.id, userId)).returning({ sessionVersion: users.sessionVersion });
  if (!row) throw new Error("endOtherSessions: no such user");
  await tx.delete(authSessions).where(eq(authSessions.userId, userId));
  return row;
}
