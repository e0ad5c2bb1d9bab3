/**
 * Issue 8's authentication findings, attacked over real HTTP against the built app (two
 * servers: one as installed by default, one behind a configured proxy, TRUST_PROXY_HOPS=1).
 * Each test here failed on the code before the fix.
 */
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_FAILED_LOGINS } from "@/lib/domain";
import { getDb } from "@/server/db/client";
import { auditEvents, toolRuns } from "@/server/db/schema";
import { RUN_EVENTS_CHANNEL } from "@/server/execution/queue";
import { CLI_ACTOR } from "@/server/services/actor";
import { setUserActive } from "@/server/services/set-user-active";
import { setUserRole } from "@/server/services/set-user-role";
import { createPublishedTool, createTestUser, uniqueEmail } from "../../support/db";
import { attemptLogin, CookieJar, signOutOverHttp } from "../../support/http-login";
import { startWebServer, type WebServer } from "../../support/web-server";

let direct: WebServer; // no proxy configured: X-Forwarded-* are a client's claims
let proxied: WebServer; // TRUST_PROXY_HOPS=1: X-Forwarded-For names the client
const artifactsRoot = path.join(os.tmpdir(), `sk-auth-http-${process.pid}`);

beforeAll(async () => {
  const databaseUrl = process.env.DATABASE_URL!;
  [direct, proxied] = await Promise.all([
    startWebServer({ databaseUrl, artifactsRoot }),
    startWebServer({ databaseUrl, artifactsRoot, env: { TRUST_PROXY_HOPS: "1" } }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([direct?.stop(), proxied?.stop()]);
});

async function signedIn(server: WebServer, role: "user" | "contributor" | "admin" = "user") {
  const account = await createTestUser(role);
  const jar = new CookieJar();
  const outcome = await attemptLogin(server.url, { email: account.user.email, password: account.password }, { jar });
  expect(outcome.ok).toBe(true);
  return { ...account, jar };
}

/**
 * On this server: its own address, or "localhost" on its port (next-auth's credentials endpoint
 * builds its URLs from Next's request URL, which uses the hostname src/cli/web.ts gives Next).
 */
function sameOrigin(server: WebServer, location: string | null): boolean {
  if (location === null) return false;
  const { port } = new URL(server.url);
  return [new URL(server.url).origin, `http://localhost:${port}`].includes(new URL(location, server.url).origin);
}

/** Every way of writing "another site" we know of; the rule must hold for the ones we don't. */
const OFF_SITE = [
  "/\\evil.example/x",
  "/\t/evil.example/x",
  "/\n/evil.example/x",
  "/\r\n/evil.example/x",
  "//evil.example/x",
  "///evil.example/x",
  "/\\/evil.example/x",
  "\\\\evil.example/x",
  "/.//evil.example/x",
  "/x/..//evil.example/x",
  "/%2e%2e//evil.example/x",
  " //evil.example/x",
  "https://evil.example/x",
  "HTTPS:evil.example",
  "javascript:alert(document.domain)",
  "evil.example/x",
  "/%09/evil.example/x",
  "/%2f%2fevil.example/x",
  "/%5c/evil.example/x",
  "%2F%2Fevil.example/x",
  "/%252f%252fevil.example/x",
];

describe("open redirect around login", () => {
  it("a signed-in visit to /login?callbackUrl=… never leaves the site, whatever the encoding", async () => {
    const { jar } = await signedIn(direct);
    for (const target of OFF_SITE) {
      const response = await fetch(`${direct.url}/login?${new URLSearchParams({ callbackUrl: target })}`, { redirect: "manual", headers: { cookie: jar.header() } });
      const location = response.headers.get("location");
      expect([response.status, sameOrigin(direct, location)], `${JSON.stringify(target)} → ${location}`).toEqual([307, true]);
    }
    const inApp = await fetch(`${direct.url}/login?callbackUrl=${encodeURIComponent("/runs?page=2")}`, { redirect: "manual", headers: { cookie: jar.header() } });
    expect(inApp.headers.get("location")).toBe("/runs?page=2");
  });

  it("a login with callbackUrl=… never sends the browser off-site either", async () => {
    const { user, password } = await createTestUser("user");
    for (const target of OFF_SITE) {
      const outcome = await attemptLogin(direct.url, { email: user.email, password }, { callbackUrl: target });
      expect([outcome.ok, sameOrigin(direct, outcome.location)], `${JSON.stringify(target)} → ${outcome.location}`).toEqual([true, true]);
    }
  });

  it("a logged-out visitor to a shared tool link is sent to log in and back to that tool", async () => {
    const owner = await createTestUser("admin");
    const { tool } = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return {}\n");
    for (const page of [`/tools/${tool.slug}`, "/runs?page=2", "/my-tools"]) {
      const response = await fetch(`${direct.url}${page}`, { redirect: "manual" });
      expect(response.headers.get("location"), page).toBe(`/login?callbackUrl=${encodeURIComponent(page)}`);
    }
  });
});

describe("sign-out", () => {
  it("ends the session on the server: a copy of the cookie saved before stops working, and is not refreshed", async () => {
    const { user, password, jar } = await signedIn(direct);
    const other = new CookieJar();
    expect((await attemptLogin(direct.url, { email: user.email, password }, { jar: other })).ok).toBe(true);
    const saved = jar.sessionOnly();

    await signOutOverHttp(direct.url, jar);

    const me = await fetch(`${direct.url}/api/trpc/me.get`, { headers: { cookie: saved.header() } });
    expect(me.status).toBe(401);
    const page = await fetch(`${direct.url}/runs`, { redirect: "manual", headers: { cookie: saved.header() } });
    expect(page.headers.get("location")).toMatch(/^\/login/);
    const session = await fetch(`${direct.url}/api/auth/session`, { headers: { cookie: saved.header() } });
    expect(await session.json()).toBeNull();
    expect(session.headers.getSetCookie().filter((cookie) => cookie.includes("session-token=") && !/max-age=0|expires=thu, 01 jan 1970/i.test(cookie))).toEqual([]);

    // The same user's other session is untouched.
    expect((await fetch(`${direct.url}/api/trpc/me.get`, { headers: { cookie: other.header() } })).status).toBe(200);
  });
});

describe("login throttle", () => {
  const wrong = (email: string) => ({ email, password: "definitely-not-it" });

  it("an attacker's wrong passwords do not keep the real user out from another address", async () => {
    const { user, password } = await createTestUser("admin");
    for (let i = 0; i < MAX_FAILED_LOGINS + 2; i++) await attemptLogin(proxied.url, wrong(user.email), { address: "198.51.100.66" });
    expect((await attemptLogin(proxied.url, { email: user.email, password }, { address: "198.51.100.66" })).code).toMatch(/^locked:/);
    expect((await attemptLogin(proxied.url, { email: user.email, password }, { address: "198.51.100.7" })).ok).toBe(true);
  });

  it("behind one school address, a browser that signed in before still gets in; guessing from there stays locked", async () => {
    const { user, password } = await createTestUser("user");
    const school = "203.0.113.20";
    const teacher = new CookieJar();
    expect((await attemptLogin(proxied.url, { email: user.email, password }, { jar: teacher, address: school })).ok).toBe(true);
    await signOutOverHttp(proxied.url, teacher);
    expect(teacher.cookies.has("skriptoteket-device")).toBe(true);

    for (let i = 0; i < MAX_FAILED_LOGINS + 2; i++) await attemptLogin(proxied.url, wrong(user.email), { address: school });
    expect((await attemptLogin(proxied.url, { email: user.email, password }, { address: school })).code).toMatch(/^locked:/);
    expect((await attemptLogin(proxied.url, { email: user.email, password }, { jar: teacher, address: school })).ok).toBe(true);
  });

  it("answers an unknown e-mail exactly like a known one", async () => {
    const { user } = await createTestUser("user");
    const codes = async (email: string, address: string) => {
      const seen = [];
      for (let i = 0; i < MAX_FAILED_LOGINS + 1; i++) seen.push((await attemptLogin(proxied.url, wrong(email), { address })).code);
      return seen;
    };
    const known = await codes(user.email, "198.51.100.30");
    expect(await codes(uniqueEmail("nobody"), "198.51.100.31")).toEqual(known);
    expect(known.at(-1)).toMatch(/^locked:/);
  });

  it("without a configured proxy, a forged X-Forwarded-For buys no fresh attempts", async () => {
    const { user, password } = await createTestUser("user");
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await attemptLogin(direct.url, wrong(user.email), { address: `198.51.100.${100 + i}` });
    expect((await attemptLogin(direct.url, { email: user.email, password }, { address: "198.51.100.200" })).code).toMatch(/^locked:/);
  });

  it("an admin's unlock (the UI's tRPC call) lifts the limits and is audit logged", async () => {
    const { user, password } = await createTestUser("user");
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await attemptLogin(proxied.url, wrong(user.email), { address: "198.51.100.44" });
    const admin = await signedIn(proxied, "admin");
    const response = await fetch(`${proxied.url}/api/trpc/admin.unlockUser`, {
      method: "POST",
      headers: { cookie: admin.jar.header(), origin: proxied.url, "content-type": "application/json" },
      body: JSON.stringify({ json: { userId: user.id } }),
    });
    expect(response.status).toBe(200);
    expect((await attemptLogin(proxied.url, { email: user.email, password }, { address: "198.51.100.44" })).ok).toBe(true);
    const events = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, user.id), eq(auditEvents.action, "user.unlocked")));
    expect(events).toMatchObject([{ actorId: admin.user.id }]);
  });
});

/** A tRPC subscription over Server-Sent Events, read event by event. */
async function watchOverHttp(server: WebServer, jar: CookieJar, runId: string) {
  const controller = new AbortController();
  const input = encodeURIComponent(JSON.stringify({ json: { runId } }));
  const response = await fetch(`${server.url}/api/trpc/run.watch?input=${input}`, { headers: { cookie: jar.header(), accept: "text/event-stream" }, signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  /** The next data or error event (pings and the connection notice skipped); null when the stream ended. */
  async function next(): Promise<{ event: string; data: string } | null> {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? "message";
        const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join("\n");
        if (event === "ping" || event === "connected" || (!data && event === "message")) continue;
        return { event, data };
      }
      const chunk = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no event within 20 s")), 20_000))]);
      if (chunk.done) return null;
      buffer += chunk.value;
    }
  }
  return { response, next, close: () => controller.abort() };
}

const errorCode = (data: string) => /"code":"([A-Z_]+)"/.exec(data)?.[1];

describe("run.watch", () => {
  async function queuedRun(userId: string) {
    const owner = await createTestUser("admin");
    const { tool, version } = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return {}\n");
    const [run] = await getDb().insert(toolRuns).values({ toolId: tool.id, versionId: version.id, context: "production", userId }).returning();
    return run!;
  }
  const finishWithSecret = async (runId: string) => {
    await getDb()
      .update(toolRuns)
      .set({ status: "succeeded", finishedAt: new Date(), uiPayload: { outputs: [{ kind: "markdown", markdown: "Hemligt resultat" }], next_actions: [] }, stdout: "hemlig logg" })
      .where(eq(toolRuns.id, runId));
    await getDb().execute(sql`select pg_notify(${RUN_EVENTS_CHANNEL}, ${runId})`);
  };

  it("stops delivering a run to a user deactivated while watching, and ends with UNAUTHORIZED", async () => {
    const teacher = await signedIn(direct);
    const run = await queuedRun(teacher.user.id);
    const stream = await watchOverHttp(direct, teacher.jar, run.id);
    try {
      expect((await stream.next())?.data).toContain('"queued"');
      const admin = await createTestUser("admin");
      await setUserActive({ actor: admin.actor, input: { userId: teacher.user.id, active: false } });
      await finishWithSecret(run.id);
      const after = await stream.next();
      expect(after?.data ?? "").not.toContain("Hemligt");
      expect(after).toMatchObject({ event: "serialized-error" });
      expect(errorCode(after!.data)).toBe("UNAUTHORIZED");
    } finally {
      stream.close();
    }
  });

  it("stops delivering a run once its session is signed out", async () => {
    const teacher = await signedIn(direct);
    const run = await queuedRun(teacher.user.id);
    const saved = teacher.jar.sessionOnly();
    const stream = await watchOverHttp(direct, saved, run.id);
    try {
      expect((await stream.next())?.data).toContain('"queued"');
      await signOutOverHttp(direct.url, teacher.jar);
      await finishWithSecret(run.id);
      const after = await stream.next();
      expect(after?.data ?? "").not.toContain("Hemligt");
      expect(errorCode(after?.data ?? "")).toBe("UNAUTHORIZED");
    } finally {
      stream.close();
    }
  });

  it("stops delivering someone else's run to an admin demoted while watching (NOT_FOUND)", async () => {
    const admin = await signedIn(direct, "admin");
    const teacher = await createTestUser("user");
    const run = await queuedRun(teacher.user.id);
    const stream = await watchOverHttp(direct, admin.jar, run.id);
    try {
      expect((await stream.next())?.data).toContain('"queued"');
      await setUserRole({ actor: CLI_ACTOR, input: { userId: admin.user.id, role: "user" } });
      await finishWithSecret(run.id);
      const after = await stream.next();
      expect(after?.data ?? "").not.toContain("Hemligt");
      expect(errorCode(after?.data ?? "")).toBe("NOT_FOUND");
    } finally {
      stream.close();
    }
  });

  it("refuses someone else's run with NOT_FOUND, not INTERNAL_SERVER_ERROR", async () => {
    const alice = await signedIn(direct);
    const bob = await createTestUser("user");
    const run = await queuedRun(bob.user.id);
    const stream = await watchOverHttp(direct, alice.jar, run.id);
    try {
      const first = await stream.next();
      expect(first?.data ?? "").not.toContain('"queued"');
      expect(errorCode(first?.data ?? "")).toBe("NOT_FOUND");
    } finally {
      stream.close();
    }
  });
});

describe("what strangers are told", () => {
  it("/api/health gives strangers the status alone, admins the details", async () => {
    const anonymous = await (await fetch(`${direct.url}/api/health`)).json();
    expect(Object.keys(anonymous)).toEqual(["status"]);
    const user = await signedIn(direct, "user");
    expect(Object.keys(await (await fetch(`${direct.url}/api/health`, { headers: { cookie: user.jar.header() } })).json())).toEqual(["status"]);
    const admin = await signedIn(direct, "admin");
    const details = await (await fetch(`${direct.url}/api/health`, { headers: { cookie: admin.jar.header() } })).json();
    expect(details).toMatchObject({ status: expect.any(String), database: { ok: true }, workers: expect.any(Array), runnerImage: expect.any(Object) });
  });

  it("a malformed tRPC input is answered with Swedish field messages, not zod's English issue list", async () => {
    const admin = await signedIn(direct, "admin");
    const response = await fetch(`${direct.url}/api/trpc/admin.setUserRole`, {
      method: "POST",
      headers: { cookie: admin.jar.header(), origin: direct.url, "content-type": "application/json" },
      body: JSON.stringify({ json: { userId: "inte-ett-id", role: "kung" } }),
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toMatch(/Invalid|expected|zodIssues/);
    const { error } = JSON.parse(text) as { error: { json: { message: string; data: { fieldErrors: Record<string, string> } } } };
    expect(error.json.data.fieldErrors).toEqual({ userId: expect.stringMatching(/Ogiltig/), role: "Välj en roll." });
    expect(error.json.message).toBe(error.json.data.fieldErrors.userId);
  });

  it("the same-origin check compares the scheme, and trusts X-Forwarded-Host only behind a configured proxy", async () => {
    const admin = await signedIn(direct, "admin");
    const host = new URL(direct.url).host;
    const post = (server: WebServer, jar: CookieJar, headers: Record<string, string>) =>
      fetch(`${server.url}/api/trpc/admin.unlockUser`, {
        method: "POST",
        headers: { cookie: jar.header(), "content-type": "application/json", ...headers },
        body: JSON.stringify({ json: { userId: admin.user.id } }),
      });
    expect((await post(direct, admin.jar, { origin: `https://${host}` })).status).toBe(403);
    expect((await post(direct, admin.jar, { origin: "http://evil.example", "x-forwarded-host": "evil.example" })).status).toBe(403);
    expect((await post(direct, admin.jar, { origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" })).status).toBe(403);
    expect((await post(direct, admin.jar, { origin: direct.url })).status).toBe(200);

    // Behind the configured proxy, the proxy's word is the origin.
    const proxiedAdmin = await signedIn(proxied, "admin");
    const behind = { "x-forwarded-host": "skriptoteket.skola.example", "x-forwarded-proto": "https" };
    expect((await post(proxied, proxiedAdmin.jar, { ...behind, origin: "https://skriptoteket.skola.example" })).status).toBe(200);
    expect((await post(proxied, proxiedAdmin.jar, { ...behind, origin: "http://skriptoteket.skola.example" })).status).toBe(403);
  });
});

