import "server-only";
import { and, eq, gt } from "drizzle-orm";
import { getDb } from "../db/client";
import { authSessions, users } from "../db/schema";
import type { Actor } from "./actor";

export type SessionClaims = { userId: string; sessionVersion: number; sessionId: string };

/**
 * Turns a session (its id, the user id and the session version it was issued with) into the
 * acting user, read fresh from the database on every request: sign-out (the session row is
 * gone), a demotion, deactivation or password change takes effect on the very next request.
 * One indexed query, as before sessions had rows.
 */
export async function loadActor(session: SessionClaims): Promise<Actor | null> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!uuid.test(session.sessionId) || !uuid.test(session.userId)) return null;
  const [user] = await getDb()
    .select({
      id: users.id,
      role: users.role,
      email: users.email,
      displayName: users.displayName,
      isActive: users.isActive,
      sessionVersion: users.sessionVersion,
    })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.id, session.sessionId), eq(authSessions.userId, session.userId), gt(authSessions.expiresAt, new Date())));
  if (!user || !user.isActive || user.sessionVersion !== session.sessionVersion) return null;
  return { kind: "user", userId: user.id, role: user.role, email: user.email, displayName: user.displayName };
}
