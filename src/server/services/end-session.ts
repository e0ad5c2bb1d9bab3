import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { authSessions } from "../db/schema";

/**
 * Sign-out: the session's row goes, so its cookie — and every copy of it — stops working on
 * the next request (load-actor.ts), including next-auth's own /api/auth/session refresh.
 * The user's other sessions are untouched.
 */
export async function endSession(sessionId: unknown): Promise<void> {
  if (typeof sessionId !== "string" || !/^[0-9a-f-]{36}$/i.test(sessionId)) return;
  await getDb().delete(authSessions).where(eq(authSessions.id, sessionId));
}
