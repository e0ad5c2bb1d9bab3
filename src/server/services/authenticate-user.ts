import "server-only";
import { eq } from "drizzle-orm";
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from "@/lib/domain";
import { emailSchema } from "@/lib/user-schemas";
import { dummyPasswordHash, verifyPassword } from "../auth/password";
import { getDb } from "../db/client";
import { users } from "../db/schema";

export type AuthenticationResult =
  | { ok: true; userId: string; sessionVersion: number }
  | { ok: false; reason: "invalid" | "inactive" }
  | { ok: false; reason: "locked"; minutesLeft: number };

const minutesUntil = (date: Date, now: Date) => Math.max(1, Math.ceil((date.getTime() - now.getTime()) / 60_000));

/**
 * Checks a login attempt and keeps the lock-out bookkeeping: MAX_FAILED_LOGINS failures in a
 * row lock the account for LOCKOUT_MINUTES. While locked, the password is not even checked, so
 * guessing cannot continue. An unknown e-mail costs the same hashing time as a known one.
 */
export async function authenticateUser(credentials: { email: unknown; password: unknown }): Promise<AuthenticationResult> {
  const email = emailSchema.safeParse(credentials.email);
  const password = typeof credentials.password === "string" ? credentials.password : "";
  if (!email.success || password.length === 0 || password.length > 200) return { ok: false, reason: "invalid" };

  const db = getDb();
  const [user] = await db.select().from(users).where(eq(users.email, email.data));
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    return { ok: false, reason: "invalid" };
  }

  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    return { ok: false, reason: "locked", minutesLeft: minutesUntil(user.lockedUntil, now) };
  }

  const passwordMatches = await verifyPassword(user.passwordHash, password);
  return db.transaction(async (tx) => {
    // Re-read under a row lock: parallel wrong guesses must each count.
    const [current] = await tx.select().from(users).where(eq(users.id, user.id)).for("update");
    if (!current) return { ok: false, reason: "invalid" } as const;
    const lockExpired = current.lockedUntil !== null && current.lockedUntil <= now;

    if (!passwordMatches) {
      const failures = (lockExpired ? 0 : current.failedLoginCount) + 1;
      const lockedUntil = failures >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
      await tx.update(users).set({ failedLoginCount: failures, lockedUntil }).where(eq(users.id, user.id));
      return lockedUntil ? ({ ok: false, reason: "locked", minutesLeft: LOCKOUT_MINUTES } as const) : ({ ok: false, reason: "invalid" } as const);
    }
    if (!current.isActive) return { ok: false, reason: "inactive" } as const;
    await tx.update(users).set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    return { ok: true, userId: current.id, sessionVersion: current.sessionVersion } as const;
  });
}
