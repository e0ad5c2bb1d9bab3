/**
 * Login and its throttle against the real database (services/login-throttle.ts): guessing
 * stays slow — per account from one address, per address, per account from anywhere — but a
 * stranger cannot keep a real user out from elsewhere, and an unknown e-mail is answered
 * exactly like a known one.
 */
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_ACCOUNT, MAX_FAILED_LOGINS_PER_ADDRESS } from "@/lib/domain";
import { getDb } from "@/server/db/client";
import { auditEvents, loginThrottles } from "@/server/db/schema";
import { authenticateUser } from "@/server/services/authenticate-user";
import { accountKeyOf } from "@/server/services/login-throttle";
import { setUserActive } from "@/server/services/set-user-active";
import { unlockUser } from "@/server/services/unlock-user";
import { createTestUser, reloadUser, uniqueEmail } from "../../support/db";

const WRONG = "definitely-not-it";
/** A fresh client address per call (TEST-NET-2/3 and beyond: never a real client). */
const freshAddress = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

async function failTimes(email: string, times: number, clientAddress: string) {
  const results = [];
  for (let i = 0; i < times; i++) results.push(await authenticateUser({ email, password: WRONG, clientAddress }));
  return results;
}

const LOCKED = { ok: false, reason: "locked", minutesLeft: LOCKOUT_MINUTES };
const INVALID = { ok: false, reason: "invalid" };

describe("authenticateUser", () => {
  it("accepts the right password, starts a session and records the login", async () => {
    const { user, password } = await createTestUser("user");
    const before = Date.now();
    // The e-mail is matched the way it is stored: trimmed and lower-cased.
    const result = await authenticateUser({ email: `  ${user.email.toUpperCase()} `, password, clientAddress: freshAddress() });
    expect(result).toMatchObject({ ok: true, userId: user.id, sessionVersion: user.sessionVersion, sessionId: expect.any(String) });
    expect((await reloadUser(user.id))?.lastLoginAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("answers invalid, the same way, for a wrong password, an unknown e-mail and malformed credentials", async () => {
    const { user } = await createTestUser("user");
    const address = freshAddress();
    expect(await authenticateUser({ email: user.email, password: WRONG, clientAddress: address })).toEqual(INVALID);
    expect(await authenticateUser({ email: uniqueEmail("nobody"), password: "whatever-it-is", clientAddress: address })).toEqual(INVALID);
    expect(await authenticateUser({ email: "not an e-mail", password: "whatever-it-is", clientAddress: address })).toEqual(INVALID);
    expect(await authenticateUser({ email: undefined, password: undefined, clientAddress: address })).toEqual(INVALID);
    expect(await authenticateUser({ email: user.email, password: "", clientAddress: address })).toEqual(INVALID);
    expect((await reloadUser(user.id))?.lastLoginAt).toBeNull();
  });

  it(`after ${MAX_FAILED_LOGINS} failures refuses that account from that address for ${LOCKOUT_MINUTES} minutes — and only from there`, async () => {
    const { user, password } = await createTestUser("admin");
    const attacker = freshAddress();
    const results = await failTimes(user.email, MAX_FAILED_LOGINS + 1, attacker);
    expect(results).toEqual([...Array(MAX_FAILED_LOGINS - 1).fill(INVALID), LOCKED, LOCKED]);
    // Guessing from there has stopped: even the right password is refused, without a check.
    expect(await authenticateUser({ email: user.email, password, clientAddress: attacker })).toEqual(LOCKED);
    // The real admin, elsewhere, is not kept out.
    expect(await authenticateUser({ email: user.email, password, clientAddress: freshAddress() })).toMatchObject({ ok: true, userId: user.id });
  });

  it("answers an unknown e-mail exactly as a known one, lock included", async () => {
    const { user } = await createTestUser("user");
    const known = await failTimes(user.email, MAX_FAILED_LOGINS + 2, freshAddress());
    const unknown = await failTimes(uniqueEmail("nobody"), MAX_FAILED_LOGINS + 2, freshAddress());
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toEqual(LOCKED);
  });

  it(`refuses an address that failed ${MAX_FAILED_LOGINS_PER_ADDRESS} times across accounts, for every account`, async () => {
    const { user, password } = await createTestUser("user");
    const sprayer = freshAddress();
    for (let i = 0; i < MAX_FAILED_LOGINS_PER_ADDRESS; i++) {
      expect(await authenticateUser({ email: uniqueEmail("sprayed"), password: WRONG, clientAddress: sprayer })).toMatchObject({ ok: false });
    }
    expect(await authenticateUser({ email: user.email, password, clientAddress: sprayer })).toMatchObject({ ok: false, reason: "locked" });
    expect(await authenticateUser({ email: user.email, password, clientAddress: freshAddress() })).toMatchObject({ ok: true });
  });

  it(`slows guessing spread over many addresses: ${MAX_FAILED_LOGINS_PER_ACCOUNT} failures shut out browsers the account never signed in on`, async () => {
    const { user, password } = await createTestUser("user");
    for (let i = 0; i < MAX_FAILED_LOGINS_PER_ACCOUNT; i++) await authenticateUser({ email: user.email, password: WRONG, clientAddress: freshAddress() });
    expect(await authenticateUser({ email: user.email, password, clientAddress: freshAddress() })).toMatchObject({ ok: false, reason: "locked" });
  });

  it("counts every one of parallel wrong guesses: none slips past the limit", async () => {
    const { user, password } = await createTestUser("user");
    const address = freshAddress();
    const results = await Promise.all(Array.from({ length: MAX_FAILED_LOGINS + 3 }, () => authenticateUser({ email: user.email, password: WRONG, clientAddress: address })));
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(MAX_FAILED_LOGINS - 1);
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(4);
    expect(await authenticateUser({ email: user.email, password, clientAddress: address })).toMatchObject({ ok: false, reason: "locked" });
  });

  it("gives a right password's attempt back: the count from that address starts over", async () => {
    const { user, password } = await createTestUser("user");
    const address = freshAddress();
    await failTimes(user.email, MAX_FAILED_LOGINS - 1, address);
    expect(await authenticateUser({ email: user.email, password, clientAddress: address })).toMatchObject({ ok: true });
    expect(await failTimes(user.email, MAX_FAILED_LOGINS - 1, address)).toEqual(Array(MAX_FAILED_LOGINS - 1).fill(INVALID));
  });

  it("lets the right password in once the window is over", async () => {
    const { user, password } = await createTestUser("user");
    const address = freshAddress();
    await failTimes(user.email, MAX_FAILED_LOGINS, address);
    await getDb()
      .update(loginThrottles)
      .set({ windowEndsAt: new Date(Date.now() - 1_000) })
      .where(eq(loginThrottles.accountKey, accountKeyOf(user.email)));
    expect(await authenticateUser({ email: user.email, password, clientAddress: address })).toMatchObject({ ok: true });
  });

  it("unlockUser lifts every limit at once, and the unlock is audit logged", async () => {
    const { user, password } = await createTestUser("user");
    const admin = await createTestUser("admin");
    const address = freshAddress();
    await failTimes(user.email, MAX_FAILED_LOGINS, address);
    expect(await authenticateUser({ email: user.email, password, clientAddress: address })).toMatchObject({ reason: "locked" });

    await expect(unlockUser({ actor: admin.actor, input: { userId: user.id } })).resolves.toEqual({ id: user.id });
    expect(await authenticateUser({ email: user.email, password, clientAddress: address })).toMatchObject({ ok: true, userId: user.id });
    const events = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, user.id), eq(auditEvents.action, "user.unlocked")));
    expect(events).toMatchObject([{ actorId: admin.user.id, targetType: "user", after: { limitsLifted: 1 } }]);
  });

  it("answers inactive for a deactivated account with the right password (and invalid for a wrong one)", async () => {
    const { user, password } = await createTestUser("user");
    const admin = (await createTestUser("admin")).actor;
    await setUserActive({ actor: admin, input: { userId: user.id, active: false } });
    const address = freshAddress();
    expect(await authenticateUser({ email: user.email, password, clientAddress: address })).toEqual({ ok: false, reason: "inactive" });
    // A wrong password must not reveal that the account exists but is inactive.
    expect(await authenticateUser({ email: user.email, password: WRONG, clientAddress: address })).toEqual(INVALID);
    expect((await reloadUser(user.id))?.lastLoginAt).toBeNull();
  });
});
