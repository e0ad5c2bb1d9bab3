import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import type { Actor } from "./actor";

/**
 * Turns a session (user id + the session version it was issued with) into the acting user,
 * read fresh from the database on every request: a demotion, deactivation or password change
 * takes effect on the very next request.
 */
export async function loadActor(session: { userId: string; sessionVersion: number }): Promise<Actor | null> {
  const [user] = await getDb()
    .select({
      id: users.id,
      role: users.role,
      email: users.email,
      displayName: users.displayName,
      isActive: users.isActive,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, session.userId));
  if (!user || !user.isActive || user.sessionVersion !== session.sessionVersion) return null;
  return { kind: "user", userId: user.id, role: user.role, email: user.email, displayName: user.displayName };
}
