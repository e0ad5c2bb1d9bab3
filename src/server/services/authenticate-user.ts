import "server-only";
import { and, eq, lt } from "drizzle-orm";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/domain";
import { emailSchema } from "@/lib/user-schemas";
import { dummyPasswordHash, verifyPassword } from "../auth/password";
import { getDb } from "../db/client";
import { authSessions, users } from "../db/schema";
import { countLoginAttempt, forgiveLoginAttempt, issueDeviceToken } from "./login-throttle";

export type AuthenticationResult =
  | { ok: true; userId: string; sessionVersion: number; sessionId: string; deviceToken: string | null }
  | { ok: false; reason: "invalid" | "inactive" }
  | { ok: false; reason: "locked"; minutesLeft: number };

export type LoginAttempt = {
  email: unknown;
  password: unknown;
  /** Who is asking, as decided at the front door (server/http/trusted-request.ts). */
  clientAddress: string;
  /** The browser's device cookie, if it has one (services/login-throttle.ts). */
  deviceToken?: string | null;
};

const minutesUntil = (date: Date, now = new Date()) => Math.max(1, Math.ceil((date.getTime() - now.getTime()) / 60_000));

/**
 * Checks a login attempt under the login throttle (login-throttle.ts) and, on success, starts a
 * server-side session. Known and unknown e-mails take the same path: the same throttle, the same
 * answers, and an argon2 verification either way (against a dummy hash when there is no such
 * account), so neither the answer nor its timing tells whether an account exists.
 */
export async function authenticateUser(attempt: LoginAttempt): Promise<AuthenticationResult> {
  const email = emailSchema.safeParse(attempt.email);
  const password = typeof attempt.password === "string" ? attempt.password : "";
  if (!email.success || password.length === 0 || password.length > 200) return { ok: false, reason: "invalid" };

  const db = getDb();
  const decision = await countLoginAttempt(db, { email: email.data, clientAddress: attempt.clientAddress, deviceToken: attempt.deviceToken });
  if (!decision.allowed) return { ok: false, reason: "locked", minutesLeft: minutesUntil(decision.until) };

  const [user] = await db.select().from(users).where(eq(users.email, email.data));
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !passwordMatches) {
    // The attempt that used up a limit says so at once (the next one would be refused anyway).
    return decision.lastUntil ? { ok: false, reason: "locked", minutesLeft: minutesUntil(decision.lastUntil) } : { ok: false, reason: "invalid" };
  }
  await forgiveLoginAttempt(db, decision.counted);
  if (!user.isActive) return { ok: false, reason: "inactive" };

  const now = new Date();
  const sessionId = await db.transaction(async (tx) => {
    // A user's sessions that ran out are dropped here rather than by a sweeper.
    await tx.delete(authSessions).where(and(eq(authSessions.userId, user.id), lt(authSessions.expiresAt, now)));
    const [session] = await tx
      .insert(authSessions)
      .values({ userId: user.id, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) })
      .returning({ id: authSessions.id });
    await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
    return session!.id;
  });
  return { ok: true, userId: user.id, sessionVersion: user.sessionVersion, sessionId, deviceToken: issueDeviceToken(email.data) };
}
