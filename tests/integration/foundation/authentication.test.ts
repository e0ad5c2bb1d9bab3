/**
 * Login and lock-out against the real database (DOMAIN.md, Accounts): 5 failed attempts lock the
 * account for 15 minutes, during which even the right password is refused.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from "@/lib/domain";
import { getDb } from "@/server/db/client";
import { users } from "@/server/db/schema";
import { authenticateUser } from "@/server/services/authenticate-user";
import { setUserActive } from "@/server/services/set-user-active";
import { unlockUser } from "@/server/services/unlock-user";
import { createTestUser, reloadUser, uniqueEmail } from "../../support/db";

const WRONG = "definitely-not-it";

async function failTimes(email: string, times: number) {
  const results = [];
  for (let i = 0; i < times; i++) results.push(await authenticateUser({ email, password: WRONG }));
  return results;
}

describe("authenticateUser", () => {
  it("accepts the right password, records the login and resets the failure counter", async () => {
    const { user, password } = await createTestUser("user");
    await failTimes(user.email, 2);
    expect((await reloadUser(user.id))?.failedLoginCount).toBe(2);

    const before = Date.now();
    // The e-mail is matched the way it is stored: trimmed and lower-cased.
    const result = await authenticateUser({ email: `  ${user.email.toUpperCase()} `, password });
    expect(result).toEqual({ ok: true, userId: user.id, sessionVersion: user.sessionVersion });
    const after = await reloadUser(user.id);
    expect(after?.failedLoginCount).toBe(0);
    expect(after?.lockedUntil).toBeNull();
    expect(after?.lastLoginAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("answers invalid for a wrong password, and counts it", async () => {
    const { user } = await createTestUser("user");
    expect(await authenticateUser({ email: user.email, password: WRONG })).toEqual({ ok: false, reason: "invalid" });
    const after = await reloadUser(user.id);
    expect(after?.failedLoginCount).toBe(1);
    expect(after?.lastLoginAt).toBeNull();
  });

  it("answers invalid, the same way, for an unknown e-mail and for malformed credentials", async () => {
    expect(await authenticateUser({ email: uniqueEmail("nobody"), password: "whatever-it-is" })).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticateUser({ email: "not an e-mail", password: "whatever-it-is" })).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticateUser({ email: undefined, password: undefined })).toEqual({ ok: false, reason: "invalid" });
    const { user } = await createTestUser("user");
    expect(await authenticateUser({ email: user.email, password: "" })).toEqual({ ok: false, reason: "invalid" });
  });

  it(`locks after ${MAX_FAILED_LOGINS} failures for ${LOCKOUT_MINUTES} minutes, refusing even the right password`, async () => {
    const { user, password } = await createTestUser("user");
    const results = await failTimes(user.email, MAX_FAILED_LOGINS);
    expect(results.slice(0, -1)).toEqual(Array(MAX_FAILED_LOGINS - 1).fill({ ok: false, reason: "invalid" }));
    expect(results.at(-1)).toEqual({ ok: false, reason: "locked", minutesLeft: LOCKOUT_MINUTES });

    const locked = await reloadUser(user.id);
    expect(locked?.failedLoginCount).toBe(MAX_FAILED_LOGINS);
    const lockMs = (locked?.lockedUntil?.getTime() ?? 0) - Date.now();
    expect(lockMs).toBeGreaterThan((LOCKOUT_MINUTES - 1) * 60_000);
    expect(lockMs).toBeLessThanOrEqual(LOCKOUT_MINUTES * 60_000);

    expect(await authenticateUser({ email: user.email, password })).toEqual({ ok: false, reason: "locked", minutesLeft: LOCKOUT_MINUTES });
    expect((await reloadUser(user.id))?.lastLoginAt).toBeNull();
  });

  it("reports the minutes left of a lock, rounded up", async () => {
    const { user, password } = await createTestUser("user");
    await getDb()
      .update(users)
      .set({ failedLoginCount: MAX_FAILED_LOGINS, lockedUntil: new Date(Date.now() + 2 * 60_000 + 5_000) })
      .where(eq(users.id, user.id));
    expect(await authenticateUser({ email: user.email, password })).toEqual({ ok: false, reason: "locked", minutesLeft: 3 });
  });

  it("lets the right password in once the lock has expired", async () => {
    const { user, password } = await createTestUser("user");
    await getDb()
      .update(users)
      .set({ failedLoginCount: MAX_FAILED_LOGINS, lockedUntil: new Date(Date.now() - 1_000) })
      .where(eq(users.id, user.id));
    expect(await authenticateUser({ email: user.email, password })).toMatchObject({ ok: true });
    expect(await reloadUser(user.id)).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
  });

  it("restarts the count after an expired lock: one wrong guess does not lock again", async () => {
    const { user } = await createTestUser("user");
    await getDb()
      .update(users)
      .set({ failedLoginCount: MAX_FAILED_LOGINS, lockedUntil: new Date(Date.now() - 1_000) })
      .where(eq(users.id, user.id));
    expect(await authenticateUser({ email: user.email, password: WRONG })).toEqual({ ok: false, reason: "invalid" });
    expect(await reloadUser(user.id)).toMatchObject({ failedLoginCount: 1, lockedUntil: null });
  });

  it("unlockUser lifts a lock at once", async () => {
    const { user, password } = await createTestUser("user");
    const admin = (await createTestUser("admin")).actor;
    await failTimes(user.email, MAX_FAILED_LOGINS);
    expect(await authenticateUser({ email: user.email, password })).toMatchObject({ reason: "locked" });

    await expect(unlockUser({ actor: admin, input: { userId: user.id } })).resolves.toEqual({ id: user.id });
    expect(await reloadUser(user.id)).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
    expect(await authenticateUser({ email: user.email, password })).toMatchObject({ ok: true, userId: user.id });
  });

  it("answers inactive for a deactivated account with the right password (and invalid for a wrong one)", async () => {
    const { user, password } = await createTestUser("user");
    const admin = (await createTestUser("admin")).actor;
    await setUserActive({ actor: admin, input: { userId: user.id, active: false } });
    expect(await authenticateUser({ email: user.email, password })).toEqual({ ok: false, reason: "inactive" });
    // A wrong password must not reveal that the account exists but is inactive.
    expect(await authenticateUser({ email: user.email, password: WRONG })).toEqual({ ok: false, reason: "invalid" });
    expect((await reloadUser(user.id))?.lastLoginAt).toBeNull();
  });

  it("counts every one of parallel wrong guesses", async () => {
    const { user, password } = await createTestUser("user");
    const results = await Promise.all(
      Array.from({ length: MAX_FAILED_LOGINS }, () => authenticateUser({ email: user.email, password: WRONG })),
    );
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(MAX_FAILED_LOGINS - 1);
    expect(await reloadUser(user.id)).toMatchObject({ failedLoginCount: MAX_FAILED_LOGINS, lockedUntil: expect.any(Date) });
    expect(await authenticateUser({ email: user.email, password })).toMatchObject({ ok: false, reason: "locked" });
  });
});
