import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../src/server/db/client";
import { auditEvents, users } from "../../../src/server/db/schema";
import { MAX_FAILED_LOGINS } from "../../../src/lib/domain";
import { authenticateUser } from "../../../src/server/services/authenticate-user";
import { loadActor } from "../../../src/server/services/load-actor";
import { createTestUser, sessionOf, uniqueEmail } from "../../support/db";

const run = promisify(execFile);
// The real CLI (src/cli/index.ts, as `npm run cli` runs it), started as the web and worker
// processes are in tests: node with the tsx loader, without npx and tsx's own launcher process.
const cli = (...args: string[]) => run(process.execPath, ["--conditions", "react-server", "--import", "tsx", "src/cli/index.ts", ...args], { env: process.env });

describe("npm run cli -- user:*", () => {
  it("creates the first admin and changes a role, with audit events", async () => {
    const email = uniqueEmail("cli");
    const created = await cli("user:create", "--email", email.toUpperCase(), "--name", "Cli Admin", "--role", "admin", "--password", "cli-password-1");
    expect(created.stdout).toContain(`Created admin ${email}`);
    const [row] = await getDb().select().from(users).where(eq(users.email, email));
    expect(row).toMatchObject({ role: "admin", displayName: "Cli Admin", isActive: true });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);

    // Another active admin must exist before this one can step down.
    await createTestUser("admin");
    const changed = await cli("user:set-role", "--email", email, "--role", "contributor");
    expect(changed.stdout).toContain(`${email} is now contributor`);
    const [after] = await getDb().select().from(users).where(eq(users.email, email));
    expect(after!.role).toBe("contributor");

    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, row!.id));
    expect(events.map((event) => event.action).sort()).toEqual(["user.created", "user.role_changed"]);
    expect(events.find((event) => event.action === "user.created")!.after).toMatchObject({ via: "cli" });
  });

  it("user:unlock lifts the login limits on an account, audit logged as the command line", async () => {
    const { user, password } = await createTestUser("admin");
    const address = "192.0.2.77";
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await authenticateUser({ email: user.email, password: "wrong-password", clientAddress: address });
    expect(await authenticateUser({ email: user.email, password, clientAddress: address })).toMatchObject({ reason: "locked" });

    const unlocked = await cli("user:unlock", "--email", user.email.toUpperCase());
    expect(unlocked.stdout).toContain("is unlocked");
    expect(await authenticateUser({ email: user.email, password, clientAddress: address })).toMatchObject({ ok: true });
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, user.id));
    expect(events).toMatchObject([{ action: "user.unlocked", actorId: null, after: { limitsLifted: 1, via: "cli" } }]);
    await expect(cli("user:unlock")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Usage") });
    await expect(cli("user:unlock", "--email", uniqueEmail("nobody"))).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("No account") });
  });

  it("sets a password (user:set-password): the old one and the user's sessions stop working; logged without the password", async () => {
    const { user } = await createTestUser("user", { password: "forsta-losen-1" });
    const done = await cli("user:set-password", "--email", user.email, "--password", "cli-losen-2345");
    expect(done.stdout).toContain(`${user.email} has a new password`);
    expect(done.stdout + done.stderr).not.toContain("cli-losen-2345");
    expect((await authenticateUser({ email: user.email, password: "cli-losen-2345", clientAddress: "192.0.2.10" })).ok).toBe(true);
    expect((await authenticateUser({ email: user.email, password: "forsta-losen-1", clientAddress: "192.0.2.10" })).ok).toBe(false);
    expect(await loadActor(await sessionOf(user))).toBeNull();
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, user.id));
    expect(events.map((event) => [event.action, event.after])).toEqual([["user.password_changed", { via: "cli" }]]);

    await expect(cli("user:set-password", "--email", user.email, "--password", "kort")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("minst 8 tecken") });
  });

  it("refuses bad input with a clear message and a non-zero exit", async () => {
    await expect(cli("user:create", "--email", "not-an-email", "--name", "X", "--role", "admin", "--password", "long-enough")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("giltig e-postadress"),
    });
    await expect(cli("user:create", "--email", uniqueEmail("cli"))).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Usage") });
    await expect(cli("user:set-role", "--email", uniqueEmail("nobody"), "--role", "admin")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("No account") });
  });
});
