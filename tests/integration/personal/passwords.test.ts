/**
 * Password rules: changing your own needs the current one and ends your other sessions; only
 * an admin sets someone else's; both are audit-logged without the password; the display name.
 */
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db/client";
import { auditEvents } from "@/server/db/schema";
import { authenticateUser } from "@/server/services/authenticate-user";
import { changeOwnPassword } from "@/server/services/change-own-password";
import { loadActor } from "@/server/services/load-actor";
import { CLI_ACTOR } from "@/server/services/actor";
import { ServiceError } from "@/server/services/service-error";
import { createTestUser, reloadUser, sessionOf } from "../../support/db";

async function serviceRefusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe("changing your own password", () => {
  it("needs the current password: a wrong one changes nothing", async () => {
    const teacher = await createTestUser("user", { password: "gammalt-losen-1" });
    const wrong = await serviceRefusal(changeOwnPassword({ actor: teacher.actor, input: { currentPassword: "inte-ratt-alls", newPassword: "nytt-losen-123" } }));
    expect(wrong.code).toBe("VALIDATION");
    expect(wrong.fieldErrors).toEqual({ currentPassword: "Det nuvarande lösenordet stämmer inte." });
    expect((await authenticateUser({ email: teacher.user.email, password: "gammalt-losen-1", clientAddress: "192.0.2.10" })).ok).toBe(true);
    expect((await authenticateUser({ email: teacher.user.email, password: "nytt-losen-123", clientAddress: "192.0.2.10" })).ok).toBe(false);
    expect(await loadActor(await sessionOf(teacher.user))).not.toBeNull();

    const short = await serviceRefusal(changeOwnPassword({ actor: teacher.actor, input: { currentPassword: "gammalt-losen-1", newPassword: "kort" } }));
    expect(short.code).toBe("VALIDATION");
    expect(short.message).toContain("minst 8 tecken");
    expect((await serviceRefusal(changeOwnPassword({ actor: null, input: { currentPassword: "x", newPassword: "nytt-losen-123" } }))).code).toBe("UNAUTHORIZED");
    expect((await serviceRefusal(changeOwnPassword({ actor: CLI_ACTOR, input: { currentPassword: "x", newPassword: "nytt-losen-123" } }))).code).toBe("FORBIDDEN");
  });

  it("with the current password: the new one works, the old one and the old sessions do not; logged without the password", async () => {
    const teacher = await createTestUser("user", { password: "gammalt-losen-2" });
    const oldSession = await sessionOf(teacher.user); // awaited: on main (server-side sessions) it inserts a session row
    const { sessionVersion } = await changeOwnPassword({ actor: teacher.actor, input: { currentPassword: "gammalt-losen-2", newPassword: "nytt-losen-456" } });

    expect(await loadActor(oldSession)).toBeNull();
    expect(await loadActor(await sessionOf({ id: teacher.user.id, sessionVersion }))).not.toBeNull(); // the re-issued session of this browser
    expect((await authenticateUser({ email: teacher.user.email, password: "gammalt-losen-2", clientAddress: "192.0.2.10" })).ok).toBe(false);
    expect(await authenticateUser({ email: teacher.user.email, password: "nytt-losen-456", clientAddress: "192.0.2.10" })).toMatchObject({ ok: true, sessionVersion });

    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, teacher.user.id));
    expect(events.map((event) => [event.action, event.actorId])).toEqual([["user.password_changed", teacher.user.id]]);
    expect(JSON.stringify(events)).not.toContain("losen");
  });
});

describe("an admin setting a user's password", () => {
  it("is admin-only, ends the user's sessions and is audit-logged without the password", async () => {
    const admin = await createTestUser("admin");
    const contributor = await createTestUser("contributor");
    const teacher = await createTestUser("user", { password: "gammalt-losen-3" });
    for (const actor of [teacher.actor, contributor.actor]) {
      const error = await createCaller({ actor })
        .admin.setUserPassword({ userId: teacher.user.id, password: "kapat-losen-99" })
        .catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("FORBIDDEN");
    }
    expect((await authenticateUser({ email: teacher.user.email, password: "gammalt-losen-3", clientAddress: "192.0.2.10" })).ok).toBe(true);

    await createCaller({ actor: admin.actor }).admin.setUserPassword({ userId: teacher.user.id, password: "admins-losen-77" });
    expect(await loadActor(await sessionOf(teacher.user))).toBeNull();
    expect((await authenticateUser({ email: teacher.user.email, password: "admins-losen-77", clientAddress: "192.0.2.10" })).ok).toBe(true);
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, teacher.user.id));
    expect(events.map((event) => [event.action, event.actorId])).toEqual([["user.password_changed", admin.user.id]]);
    expect(JSON.stringify(events)).not.toContain("admins-losen");
  });
});

describe("the display name", () => {
  it("is the user's own to change, trimmed, never empty", async () => {
    const teacher = await createTestUser("user");
    await createCaller({ actor: teacher.actor }).me.updateProfile({ displayName: "  Greta Lärare  " });
    expect((await reloadUser(teacher.user.id))!.displayName).toBe("Greta Lärare");
    const error = await createCaller({ actor: teacher.actor })
      .me.updateProfile({ displayName: "   " })
      .catch((thrown: unknown) => thrown);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((await reloadUser(teacher.user.id))!.displayName).toBe("Greta Lärare");
  });
});
