/**
 * User administration against the real database: the services the admin pages call, the
 * last-admin rule (including two admins racing), session invalidation, and how service errors
 * look once they leave tRPC.
 */
import crypto from "node:crypto";
import { getErrorShape, TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { appRouter, createCaller } from "@/server/api/root";
import { GENERIC_ERROR_MESSAGE } from "@/server/api/errors";
import { getDb } from "@/server/db/client";
import { auditEvents, users } from "@/server/db/schema";
import type { Actor } from "@/server/services/actor";
import { authenticateUser } from "@/server/services/authenticate-user";
import { createUser } from "@/server/services/create-user";
import { listAuditEvents } from "@/server/services/list-audit-events";
import { listUsers, USERS_PAGE_SIZE } from "@/server/services/list-users";
import { loadActor } from "@/server/services/load-actor";
import { ServiceError } from "@/server/services/service-error";
import { setUserActive } from "@/server/services/set-user-active";
import { setUserPassword } from "@/server/services/set-user-password";
import { setUserRole } from "@/server/services/set-user-role";
import { unlockUser } from "@/server/services/unlock-user";
import { createTestUser, insertUsersWithoutPassword, makeOnlyActiveAdmins, reloadUser, sessionOf, uniqueEmail } from "../../support/db";

async function serviceError(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${String(error)}`, { cause: error });
  return error;
}

async function auditFor(targetId: string) {
  return getDb().select().from(auditEvents).where(eq(auditEvents.targetId, targetId)).orderBy(auditEvents.id);
}

async function activeAdminIds(): Promise<string[]> {
  const rows = await getDb()
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.isActive, true)));
  return rows.map((r) => r.id);
}

const adminActor = async () => (await createTestUser("admin")).actor;
const userIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : "");

/**
 * Two admins, the only active ones, each try to remove the other at the same moment. Exactly one
 * may win; the loser must hear the rule (CONFLICT), not a database deadlock turned into a 500.
 * Races are timing-dependent, so a few rounds are run; a correct service passes every one.
 */
async function raceTwoAdmins(removeOther: (actor: Actor, otherUserId: string) => Promise<unknown>, rounds = 4) {
  for (let round = 1; round <= rounds; round++) {
    const a = await adminActor();
    const b = await adminActor();
    const restore = await makeOnlyActiveAdmins([userIdOf(a), userIdOf(b)]);
    try {
      const results = await Promise.allSettled([removeOther(a, userIdOf(b)), removeOther(b, userIdOf(a))]);
      expect(await activeAdminIds(), `round ${round}`).toHaveLength(1);
      expect(results.filter((r) => r.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      const cause = (loser.reason as { cause?: { message?: string } }).cause?.message ?? "";
      expect(loser.reason, `round ${round}: ${String(loser.reason)} ${cause}`).toBeInstanceOf(ServiceError);
      expect((loser.reason as ServiceError).code).toBe("CONFLICT");
    } finally {
      await restore();
    }
  }
}

describe("admin services refuse everyone but admins", () => {
  const someId = crypto.randomUUID();
  const calls: Record<string, (actor: Actor | null) => Promise<unknown>> = {
    createUser: (actor) => createUser({ actor, input: { email: uniqueEmail(), displayName: "X", role: "user", password: "long-enough-1" } }),
    listUsers: (actor) => listUsers({ actor, input: {} }),
    setUserRole: (actor) => setUserRole({ actor, input: { userId: someId, role: "admin" } }),
    setUserActive: (actor) => setUserActive({ actor, input: { userId: someId, active: false } }),
    setUserPassword: (actor) => setUserPassword({ actor, input: { userId: someId, password: "long-enough-1" } }),
    unlockUser: (actor) => unlockUser({ actor, input: { userId: someId } }),
    listAuditEvents: (actor) => listAuditEvents({ actor, input: {} }),
  };

  it.each(Object.keys(calls))("%s", async (name) => {
    const call = calls[name]!;
    expect((await serviceError(call(null))).code).toBe("UNAUTHORIZED");
    for (const role of ["user", "contributor"] as const) {
      const { actor } = await createTestUser(role);
      expect((await serviceError(call(actor))).code, role).toBe("FORBIDDEN");
    }
  });
});

describe("createUser", () => {
  it("stores the e-mail trimmed and lower-cased and writes an audit event", async () => {
    const admin = await adminActor();
    const local = uniqueEmail("Mixed");
    const created = await createUser({
      actor: admin,
      input: { email: `  ${local.toUpperCase()} `, displayName: " Anna Andersson ", role: "contributor", password: "long-enough-1" },
    });
    expect(created.email).toBe(local.toLowerCase());
    expect(created.displayName).toBe("Anna Andersson");
    expect(created.role).toBe("contributor");

    const [event, ...more] = await auditFor(created.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      action: "user.created",
      targetType: "user",
      actorId: userIdOf(admin),
      after: { email: local.toLowerCase(), role: "contributor" },
    });

    const login = await authenticateUser({ email: local, password: "long-enough-1", clientAddress: "192.0.2.10" });
    expect(login.ok).toBe(true);
  });

  it("refuses a second account with the same e-mail in another case (CONFLICT on the email field)", async () => {
    const admin = await adminActor();
    const email = uniqueEmail("dup");
    await createUser({ actor: admin, input: { email, displayName: "A", role: "user", password: "long-enough-1" } });
    const error = await serviceError(
      createUser({ actor: admin, input: { email: email.toUpperCase(), displayName: "B", role: "user", password: "long-enough-1" } }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.fieldErrors?.email).toMatch(/finns redan/);
  });

  it("answers CONFLICT, not an internal error, when the same e-mail is created twice at once", async () => {
    const admin = await adminActor();
    // Timing-dependent: a few rounds, each must give one account and one CONFLICT.
    for (let round = 1; round <= 4; round++) {
      const input = { email: uniqueEmail("race"), displayName: "R", role: "user" as const, password: "long-enough-1" };
      const results = await Promise.allSettled([createUser({ actor: admin, input }), createUser({ actor: admin, input })]);
      expect(results.filter((r) => r.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      const cause = (rejected.reason as { cause?: { message?: string } }).cause?.message ?? "";
      expect(rejected.reason, `round ${round}: ${String(rejected.reason)} ${cause}`).toBeInstanceOf(ServiceError);
      expect((rejected.reason as ServiceError).code).toBe("CONFLICT");
      expect((rejected.reason as ServiceError).fieldErrors?.email).toMatch(/finns redan/);
    }
  });

  it("refuses a short password with a Swedish field message and writes nothing", async () => {
    const admin = await adminActor();
    const email = uniqueEmail("short");
    const error = await serviceError(createUser({ actor: admin, input: { email, displayName: "S", role: "user", password: "1234567" } }));
    expect(error.code).toBe("VALIDATION");
    expect(error.fieldErrors?.password).toBe("Lösenordet måste ha minst 8 tecken.");
    expect(await getDb().select().from(users).where(eq(users.email, email))).toEqual([]);
  });
});

describe("listUsers", () => {
  it("searches e-mail and name case-insensitively and pages by 50", async () => {
    const admin = await adminActor();
    const token = `pg${crypto.randomBytes(4).toString("hex")}`;
    const total = USERS_PAGE_SIZE + 3;
    await insertUsersWithoutPassword(total, (i) => ({
      email: `${token}-${String(i).padStart(3, "0")}@test.skriptoteket`,
      displayName: i === 0 ? `Särskild ${token.toUpperCase()}` : "Listad",
    }));

    const page1 = await listUsers({ actor: admin, input: { query: token.toUpperCase() } });
    expect(page1).toMatchObject({ total, page: 1, pageSize: USERS_PAGE_SIZE });
    expect(page1.users).toHaveLength(USERS_PAGE_SIZE);
    const page2 = await listUsers({ actor: admin, input: { query: token, page: 2 } });
    expect(page2.users.map((u) => u.email)).toEqual(
      [USERS_PAGE_SIZE, USERS_PAGE_SIZE + 1, USERS_PAGE_SIZE + 2].map((i) => `${token}-${String(i).padStart(3, "0")}@test.skriptoteket`),
    );
    const emails = [...page1.users, ...page2.users].map((u) => u.email);
    expect(emails).toEqual([...emails].sort());
    expect(new Set(emails).size).toBe(total);
    // No password hash leaves the service.
    expect(Object.keys(page1.users[0]!)).not.toContain("passwordHash");

    const byName = await listUsers({ actor: admin, input: { query: `särskild ${token}` } });
    expect(byName.users.map((u) => u.email)).toEqual([`${token}-000@test.skriptoteket`]);
  });

  it("treats % and _ in the search as plain characters", async () => {
    const admin = await adminActor();
    const token = `lit${crypto.randomBytes(4).toString("hex")}`;
    await insertUsersWithoutPassword(2, (i) => ({ email: `${token}-${i}@test.skriptoteket`, displayName: i === 0 ? "100% säker" : "1000 säker" }));
    const result = await listUsers({ actor: admin, input: { query: "100%" } });
    const mine = result.users.filter((u) => u.email.startsWith(token));
    expect(mine.map((u) => u.displayName)).toEqual(["100% säker"]);
  });
});

describe("setUserRole", () => {
  it("changes the role and records before/after", async () => {
    const admin = await adminActor();
    const { user } = await createTestUser("user");
    await expect(setUserRole({ actor: admin, input: { userId: user.id, role: "contributor" } })).resolves.toEqual({
      id: user.id,
      role: "contributor",
    });
    expect((await reloadUser(user.id))?.role).toBe("contributor");
    const events = await auditFor(user.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "user.role_changed",
      actorId: userIdOf(admin),
      before: { role: "user" },
      after: { role: "contributor" },
    });
  });

  it("writes no audit event when the role does not change", async () => {
    const admin = await adminActor();
    const { user } = await createTestUser("contributor");
    await setUserRole({ actor: admin, input: { userId: user.id, role: "contributor" } });
    expect(await auditFor(user.id)).toEqual([]);
  });

  it("answers NOT_FOUND for an unknown user", async () => {
    const admin = await adminActor();
    expect((await serviceError(setUserRole({ actor: admin, input: { userId: crypto.randomUUID(), role: "user" } }))).code).toBe("NOT_FOUND");
  });

  it("refuses to demote the last active admin", async () => {
    const admin = await adminActor();
    const restore = await makeOnlyActiveAdmins([userIdOf(admin)]);
    try {
      const error = await serviceError(setUserRole({ actor: admin, input: { userId: userIdOf(admin), role: "contributor" } }));
      expect(error.code).toBe("CONFLICT");
      expect((await reloadUser(userIdOf(admin)))?.role).toBe("admin");
    } finally {
      await restore();
    }
  });

  it("lets one of two admins demoting each other at once win, and keeps one active admin", async () => {
    await raceTwoAdmins((actor, userId) => setUserRole({ actor, input: { userId, role: "user" } }));
  });
});

describe("setUserActive", () => {
  it("deactivation ends existing sessions and blocks login; it is audited", async () => {
    const admin = await adminActor();
    const { user, password } = await createTestUser("contributor");
    expect(await loadActor(await sessionOf(user))).not.toBeNull();

    await setUserActive({ actor: admin, input: { userId: user.id, active: false } });
    const after = await reloadUser(user.id);
    expect(after?.isActive).toBe(false);
    expect(after?.sessionVersion).toBe(user.sessionVersion + 1);
    expect(await loadActor(await sessionOf(user))).toBeNull();
    expect(await authenticateUser({ email: user.email, password, clientAddress: "192.0.2.10" })).toEqual({ ok: false, reason: "inactive" });
    expect(await auditFor(user.id)).toMatchObject([{ action: "user.deactivated", before: { isActive: true }, after: { isActive: false } }]);
  });

  it("refuses to deactivate the last active admin", async () => {
    const admin = await adminActor();
    const restore = await makeOnlyActiveAdmins([userIdOf(admin)]);
    try {
      const error = await serviceError(setUserActive({ actor: admin, input: { userId: userIdOf(admin), active: false } }));
      expect(error.code).toBe("CONFLICT");
      expect((await reloadUser(userIdOf(admin)))?.isActive).toBe(true);
    } finally {
      await restore();
    }
  });

  it("lets two admins deactivating each other at once leave exactly one active admin", async () => {
    await raceTwoAdmins((actor, userId) => setUserActive({ actor, input: { userId, active: false } }));
  });

  it("reactivation lifts a lock-out, but the old session stays ended", async () => {
    const admin = await adminActor();
    const { user, password } = await createTestUser("user");
    await setUserActive({ actor: admin, input: { userId: user.id, active: false } });
    for (let i = 0; i < 5; i++) await authenticateUser({ email: user.email, password: "wrong-password", clientAddress: "192.0.2.10" });
    expect(await authenticateUser({ email: user.email, password, clientAddress: "192.0.2.10" })).toMatchObject({ reason: "locked" });

    await setUserActive({ actor: admin, input: { userId: user.id, active: true } });
    const after = await reloadUser(user.id);
    expect(after).toMatchObject({ isActive: true });
    expect(await loadActor(await sessionOf(user))).toBeNull();
    const login = await authenticateUser({ email: user.email, password, clientAddress: "192.0.2.10" });
    expect(login).toMatchObject({ ok: true, sessionVersion: user.sessionVersion + 1 });
    expect((await auditFor(user.id)).map((e) => e.action)).toEqual(["user.deactivated", "user.reactivated"]);
  });
});

describe("setUserPassword", () => {
  it("replaces the password and ends the sessions issued before", async () => {
    const admin = await adminActor();
    const { user, password } = await createTestUser("user");
    await setUserPassword({ actor: admin, input: { userId: user.id, password: "a-brand-new-password" } });

    expect(await loadActor(await sessionOf(user))).toBeNull();
    expect(await authenticateUser({ email: user.email, password, clientAddress: "192.0.2.10" })).toEqual({ ok: false, reason: "invalid" });
    const login = await authenticateUser({ email: user.email, password: "a-brand-new-password", clientAddress: "192.0.2.10" });
    if (!login.ok) throw new Error(`login failed: ${login.reason}`);
    expect(await loadActor({ userId: login.userId, sessionVersion: login.sessionVersion, sessionId: login.sessionId })).toMatchObject({ userId: user.id });
    expect(await auditFor(user.id)).toMatchObject([{ action: "user.password_changed", actorId: userIdOf(admin) }]);
  });

  it("refuses a short password and answers NOT_FOUND for an unknown user", async () => {
    const admin = await adminActor();
    const { user } = await createTestUser("user");
    const short = await serviceError(setUserPassword({ actor: admin, input: { userId: user.id, password: "kort" } }));
    expect(short.code).toBe("VALIDATION");
    expect(short.fieldErrors?.password).toBe("Lösenordet måste ha minst 8 tecken.");
    const missing = await serviceError(setUserPassword({ actor: admin, input: { userId: crypto.randomUUID(), password: "long-enough-1" } }));
    expect(missing.code).toBe("NOT_FOUND");
  });
});

describe("loadActor", () => {
  it("reads the role fresh on every call", async () => {
    const { user } = await createTestUser("admin");
    expect(await loadActor(await sessionOf(user))).toMatchObject({ kind: "user", userId: user.id, role: "admin", email: user.email });
    await getDb().update(users).set({ role: "user" }).where(eq(users.id, user.id));
    expect(await loadActor(await sessionOf(user))).toMatchObject({ role: "user" });
  });

  it("returns null for an unknown user or a stale session version", async () => {
    const { user } = await createTestUser("user");
    const session = await sessionOf(user);
    expect(await loadActor({ ...session, userId: crypto.randomUUID() })).toBeNull();
    expect(await loadActor({ ...session, sessionVersion: user.sessionVersion + 1 })).toBeNull();
    expect(await loadActor({ ...session, sessionId: crypto.randomUUID() })).toBeNull();
  });
});

describe("tRPC error mapping", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** What the browser would receive for this error, through the app's own errorFormatter. */
  function shapeOf(error: TRPCError, path: string) {
    return getErrorShape({ config: appRouter._def._config, error, type: "mutation", path, input: undefined, ctx: undefined });
  }

  async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`, { cause: error });
    return error;
  }

  it("maps ServiceError NOT_FOUND to NOT_FOUND with the Swedish message", async () => {
    const caller = createCaller({ actor: await adminActor() });
    const error = await trpcError(caller.admin.setUserRole({ userId: crypto.randomUUID(), role: "user" }));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe("Användaren finns inte.");
    expect(shapeOf(error, "admin.setUserRole")).toMatchObject({ message: "Användaren finns inte.", data: { code: "NOT_FOUND", httpStatus: 404 } });
  });

  it("carries field errors of a CONFLICT to the client", async () => {
    const caller = createCaller({ actor: await adminActor() });
    const input = { email: uniqueEmail("trpc-dup"), displayName: "D", role: "user" as const, password: "long-enough-1" };
    await caller.admin.createUser(input);
    const error = await trpcError(caller.admin.createUser(input));
    expect(error.code).toBe("CONFLICT");
    const shape = shapeOf(error, "admin.createUser");
    expect(shape.data.fieldErrors?.email).toMatch(/finns redan/);
    expect(shape.data.httpStatus).toBe(409);
  });

  it("answers BAD_REQUEST with Swedish field messages for malformed input", async () => {
    const caller = createCaller({ actor: await adminActor() });
    const error = await trpcError(caller.admin.setUserRole({ userId: "not-a-uuid", role: "user" }));
    expect(error.code).toBe("BAD_REQUEST");
    const shape = shapeOf(error, "admin.setUserRole");
    expect(shape.data.fieldErrors).toEqual({ userId: expect.stringMatching(/Ogiltig/) });
    expect(shape.message).toBe(shape.data.fieldErrors!.userId);
  });

  it("never lets an internal error's message or stack reach the client", async () => {
    // (That the failure is logged, by id and without personal data, is ops/metrics-and-logs.test.ts.)
    // An admin whose row is gone: the audit insert breaks its foreign key inside Postgres.
    const ghost: Actor = { kind: "user", userId: crypto.randomUUID(), role: "admin", email: "ghost@test.skriptoteket", displayName: "Ghost" };
    const caller = createCaller({ actor: ghost });
    const error = await trpcError(
      caller.admin.createUser({ email: uniqueEmail("ghost"), displayName: "G", role: "user", password: "long-enough-1" }),
    );
    expect(error.code).toBe("INTERNAL_SERVER_ERROR");
    const shape = shapeOf(error, "admin.createUser");
    expect(shape.message).toBe(GENERIC_ERROR_MESSAGE);
    expect(shape.data.stack).toBeUndefined();
    const wire = JSON.stringify(shape);
    expect(wire).not.toMatch(/audit_events|foreign key|violates|insert into/i);
  });

  it("hides the message of a ServiceError INTERNAL too", () => {
    const error = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "db password is hunter2", cause: new ServiceError("INTERNAL", "x") });
    expect(shapeOf(error, "admin.createUser").message).toBe(GENERIC_ERROR_MESSAGE);
  });
});
