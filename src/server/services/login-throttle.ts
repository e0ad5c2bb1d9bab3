import "server-only";
import crypto from "node:crypto";
import { eq, inArray, lt, sql } from "drizzle-orm";
import { env } from "@/env";
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_ACCOUNT, MAX_FAILED_LOGINS_PER_ADDRESS } from "@/lib/domain";
import type { DbOrTx } from "../db/client";
import { loginThrottles } from "../db/schema";

/**
 * How login guessing is kept slow without letting a stranger keep a real user out.
 *
 * A lock on the account itself (the old rule: five wrong passwords from anywhere lock it) is a
 * button anyone can press against anyone — on a school network, from the same address as the
 * victim. So attempts are counted in buckets, each a fixed window of LOCKOUT_MINUTES, and an
 * attempt is refused (without even checking the password) when one of its buckets is full:
 *
 * - **known device** — a browser that has signed in to this account before carries a signed
 *   device cookie (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"). Its attempts
 *   count only in its own bucket (MAX_FAILED_LOGINS), so nothing an attacker does elsewhere —
 *   even behind the same school NAT — keeps it out. A device that fails its bucket counts as
 *   unknown from then on.
 * - **account from one address** (MAX_FAILED_LOGINS): the classic per-user limit, but only for
 *   that client address.
 * - **address** (MAX_FAILED_LOGINS_PER_ADDRESS across all accounts): one machine spraying many
 *   accounts.
 * - **account** (MAX_FAILED_LOGINS_PER_ACCOUNT from unknown browsers at any address): guessing
 *   spread over many addresses. It can shut out only browsers the user never signed in on.
 *
 * Unknown e-mails are counted by the same rules under the same kind of key, so "locked" says
 * nothing about whether an account exists. Attempts are counted before the password is checked
 * (under row locks), so parallel guesses cannot slip past a limit; a right password gives its
 * attempt back. Keys are hashes (no typed e-mails or client addresses are stored).
 */

const WINDOW_MS = LOCKOUT_MINUTES * 60_000;
const KEY_PREFIX = "skriptoteket.login-throttle.v1";

type BucketKind = "device" | "pair" | "address" | "account";
const LIMITS: Record<BucketKind, number> = {
  device: MAX_FAILED_LOGINS,
  pair: MAX_FAILED_LOGINS,
  address: MAX_FAILED_LOGINS_PER_ADDRESS,
  account: MAX_FAILED_LOGINS_PER_ACCOUNT,
};

const digest = (...parts: string[]) => crypto.createHash("sha256").update([KEY_PREFIX, ...parts].join("\0")).digest("base64url");

/** The key of an e-mail address as typed (already normalized), known account or not. */
export const accountKeyOf = (email: string) => digest("account-key", email);

type Bucket = { kind: BucketKind; bucket: string; accountKey: string | null };

function bucketsFor(email: string, clientAddress: string, deviceId: string | null): Record<BucketKind, Bucket | null> {
  const accountKey = accountKeyOf(email);
  return {
    device: deviceId ? { kind: "device", bucket: digest("device", deviceId, email), accountKey } : null,
    pair: { kind: "pair", bucket: digest("pair", email, clientAddress), accountKey },
    address: { kind: "address", bucket: digest("address", clientAddress), accountKey: null },
    account: { kind: "account", bucket: digest("account", email), accountKey },
  };
}

/* Device cookies: "<random id>.<HMAC of id and e-mail>", signed with AUTH_SECRET. */

function deviceSignature(deviceId: string, email: string): string | null {
  if (!env.AUTH_SECRET) return null;
  return crypto.createHmac("sha256", env.AUTH_SECRET).update(`device\0${deviceId}\0${email}`).digest("base64url");
}

/** A new device cookie value for a browser that just signed in to `email`. */
export function issueDeviceToken(email: string): string | null {
  const deviceId = crypto.randomBytes(16).toString("base64url");
  const signature = deviceSignature(deviceId, email);
  return signature ? `${deviceId}.${signature}` : null;
}

/** The device id of a cookie issued for `email`, or null (none, forged, or for another account). */
function knownDeviceId(token: string | null | undefined, email: string): string | null {
  const [deviceId, signature] = (token ?? "").split(".");
  if (!deviceId || !signature) return null;
  const expected = deviceSignature(deviceId, email);
  if (!expected || expected.length !== signature.length) return null;
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature)) ? deviceId : null;
}

export type ThrottleDecision =
  | { allowed: false; until: Date }
  | {
      allowed: true;
      /** The buckets this attempt was counted in (to give back on success). */
      counted: Bucket[];
      /** When this was the last attempt a bucket allows: its window's end. */
      lastUntil: Date | null;
    };

/**
 * Counts one attempt, or refuses it when a bucket is full. In one transaction with the rows
 * locked, so parallel attempts are counted one after another.
 */
export async function countLoginAttempt(
  db: DbOrTx,
  attempt: { email: string; clientAddress: string; deviceToken?: string | null },
): Promise<ThrottleDecision> {
  const all = bucketsFor(attempt.email, attempt.clientAddress, knownDeviceId(attempt.deviceToken, attempt.email));
  // In one fixed order everywhere, so two attempts sharing buckets never wait on each other in a circle.
  const candidates = Object.values(all)
    .filter((b): b is Bucket => b !== null)
    .sort((a, b) => (a.bucket < b.bucket ? -1 : 1));
  return db.transaction(async (tx) => {
    const now = new Date();
    // Rows first (so there is something to lock), then lock them in a fixed order.
    await tx
      .insert(loginThrottles)
      .values(candidates.map((b) => ({ bucket: b.bucket, kind: b.kind, accountKey: b.accountKey, attempts: 0, windowEndsAt: new Date(now.getTime() + WINDOW_MS) })))
      .onConflictDoNothing();
    const rows = await tx
      .select()
      .from(loginThrottles)
      .where(
        inArray(
          loginThrottles.bucket,
          candidates.map((b) => b.bucket),
        ),
      )
      .orderBy(loginThrottles.bucket)
      .for("update");
    const byBucket = new Map(rows.map((row) => [row.bucket, row]));
    const current = (b: Bucket) => {
      const row = byBucket.get(b.bucket);
      return !row || row.windowEndsAt <= now ? { attempts: 0, windowEndsAt: new Date(now.getTime() + WINDOW_MS) } : row;
    };
    const full = (b: Bucket) => current(b).attempts >= LIMITS[b.kind];

    // A known device that has not used up its own attempts is judged on those alone.
    const counted = all.device && !full(all.device) ? [all.device] : [all.pair!, all.address!, all.account!];
    const blocked = counted.filter(full);
    if (blocked.length > 0) {
      const until = new Date(Math.max(...blocked.map((b) => current(b).windowEndsAt.getTime())));
      return { allowed: false, until } as const;
    }
    let lastUntil: Date | null = null;
    for (const b of counted) {
      const { attempts, windowEndsAt } = current(b);
      await tx.update(loginThrottles).set({ attempts: attempts + 1, windowEndsAt }).where(eq(loginThrottles.bucket, b.bucket));
      // Only the limits a person can act on are announced as a lock (not a device's own).
      if (b.kind !== "device" && attempts + 1 >= LIMITS[b.kind] && (!lastUntil || windowEndsAt > lastUntil)) lastUntil = windowEndsAt;
    }
    // Now and then, drop windows long over (they hold nothing).
    if (Math.random() < 0.02) await tx.delete(loginThrottles).where(lt(loginThrottles.windowEndsAt, now));
    return { allowed: true, counted, lastUntil } as const;
  });
}

/**
 * The right password: the attempt is given back. This browser's own counts (the device, the
 * account from this address) start over; the address's and the account's shared counts only
 * lose this attempt, so a guesser cannot reset them by signing in to an account of their own.
 */
export async function forgiveLoginAttempt(db: DbOrTx, counted: Bucket[]): Promise<void> {
  const own = counted.filter((b) => b.kind === "device" || b.kind === "pair").map((b) => b.bucket);
  const shared = counted.filter((b) => b.kind === "address" || b.kind === "account").map((b) => b.bucket);
  if (own.length > 0) await db.delete(loginThrottles).where(inArray(loginThrottles.bucket, own));
  if (shared.length > 0) {
    await db
      .update(loginThrottles)
      .set({ attempts: sql`greatest(${loginThrottles.attempts} - 1, 0)` })
      .where(inArray(loginThrottles.bucket, shared));
  }
}

/** Lifts every limit on an account (all addresses, all devices). Returns how many were in force. */
export async function clearLoginThrottle(db: DbOrTx, email: string): Promise<number> {
  const cleared = await db.delete(loginThrottles).where(eq(loginThrottles.accountKey, accountKeyOf(email))).returning({
    kind: loginThrottles.kind,
    attempts: loginThrottles.attempts,
    windowEndsAt: loginThrottles.windowEndsAt,
  });
  return cleared.filter((row) => row.kind !== "device" && row.windowEndsAt > new Date() && row.attempts >= LIMITS[row.kind as BucketKind]).length;
}

/**
 * Until when an account is shut out somewhere (its full buckets' latest window end), by e-mail,
 * for the admin's user list; accounts with no full bucket are absent.
 */
export async function lockedUntilByEmail(db: DbOrTx, emails: string[]): Promise<Map<string, Date>> {
  if (emails.length === 0) return new Map();
  const keyToEmail = new Map(emails.map((email) => [accountKeyOf(email), email]));
  const rows = await db
    .select()
    .from(loginThrottles)
    .where(inArray(loginThrottles.accountKey, [...keyToEmail.keys()]));
  const now = new Date();
  const result = new Map<string, Date>();
  for (const row of rows) {
    // A device that used up its attempts is not shut out (it counts as unknown from then on).
    if (row.kind === "device" || row.windowEndsAt <= now || row.attempts < LIMITS[row.kind as BucketKind]) continue;
    const email = keyToEmail.get(row.accountKey!)!;
    const known = result.get(email);
    if (!known || row.windowEndsAt > known) result.set(email, row.windowEndsAt);
  }
  return result;
}
