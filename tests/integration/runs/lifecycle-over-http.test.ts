/**
 * Pupils' data has a lifecycle (issue 8 §1) — through the real web app over HTTP, the real
 * worker and Docker, the real store and Postgres: retention (cli prune and the workers' cron
 * task), Ta bort (one run, all of a tool), an admin's erase of a user, the orphan sweep.
 */
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FilesystemArtifactStore } from "../../../src/server/artifacts/filesystem-artifact-store";
import { createCaller } from "../../../src/server/api/root";
import { getDb } from "../../../src/server/db/client";
import { auditEvents, runArtifacts, toolRuns, toolSessions, users } from "../../../src/server/db/schema";
import { PRUNE_RUNS_CRON } from "../../../src/server/execution/queue";
import { startWorker } from "../../../src/server/execution/worker";
import { CLI_ACTOR } from "../../../src/server/services/actor";
import { rerunRun } from "../../../src/server/services/rerun-run";
import { ORPHAN_GRACE_MS, pruneRuns } from "../../../src/server/services/prune-runs";
import { createPublishedTool, createTestUser } from "../../support/db";
import { logInOverHttp, startWebServer, type WebServer } from "../../support/web-server";
import { storeFilesUnder } from "../../support/store-files";
import { waitForRunToEnd } from "../../support/runs";

const TOOL = `
import os
def run_tool(input_dir, output_dir):
    names = sorted(os.listdir(input_dir))
    with open(os.path.join(output_dir, "elever.txt"), "w", encoding="utf-8") as f:
        for name in names:
            f.write(open(os.path.join(input_dir, name), encoding="utf-8").read())
    with open(os.path.join(output_dir, "kopia.txt"), "w", encoding="utf-8") as f:
        f.write("kopia")
    return {"outputs": [{"kind": "markdown", "markdown": "Klart: " + ", ".join(names)}]}
`;

let server: WebServer;
let store: FilesystemArtifactStore;
let worker: Awaited<ReturnType<typeof startWorker>>;
let owner: Awaited<ReturnType<typeof createTestUser>>;
let alice: Awaited<ReturnType<typeof createTestUser>>;
let bob: Awaited<ReturnType<typeof createTestUser>>;
let admin: Awaited<ReturnType<typeof createTestUser>>;
let tool: Awaited<ReturnType<typeof createPublishedTool>>;
const cookies: Record<string, string> = {};

async function kor(who: "alice" | "bob" | "carol", fileName = "klass.csv", content = "Kalle Anka\n") {
  const body = new FormData();
  body.append("slug", tool.tool.slug);
  body.append("values", "{}");
  body.append("files", new Blob([content]), fileName);
  const response = await fetch(`${server.url}/api/runs`, { method: "POST", body, headers: { cookie: cookies[who]!, origin: server.url } });
  const json = (await response.json()) as { runId?: string };
  expect(response.status, JSON.stringify(json)).toBe(201);
  return waitForRunToEnd(json.runId!);
}

const download = (who: string, runId: string, file = "elever.txt") => fetch(`${server.url}/api/runs/${runId}/artifacts/${file}`, { headers: { cookie: cookies[who]! } });

/** Every regular file under the store's root (partial writes included), as keys. */
const storeFiles = () => storeFilesUnder(store.root);

const filesOf = (run: { id: string; inputManifest: unknown }) => {
  const batch = (run.inputManifest as { storeKey: string }[])[0]!.storeKey.split("/").slice(0, 2).join("/");
  return storeFiles().filter((key) => key.startsWith(`runs/${run.id}/`) || key.startsWith(`${batch}/`));
};

async function backdate(runId: string, days: number) {
  const when = new Date(Date.now() - days * 24 * 60 * 60 * 1000);
  await getDb().update(toolRuns).set({ queuedAt: when, startedAt: when, finishedAt: when }).where(eq(toolRuns.id, runId));
}

/** A page's HTML without React's text-boundary comments. */
const textOf = (html: string) => html.replace(/<!-- -->/g, "");

/** A tRPC mutation over HTTP, as the browser sends it. */
async function trpcMutation(who: string, procedure: string, input: unknown) {
  const response = await fetch(`${server.url}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { cookie: cookies[who]!, origin: server.url, "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
  return { status: response.status, body: (await response.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; data: { code: string } } } } };
}

function cliPrune(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions", "react-server", "--import", "tsx", "src/cli/index.ts", "prune", ...args], {
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL!, ARTIFACTS_ROOT: store.root },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  store = new FilesystemArtifactStore(fs.mkdtempSync(path.join(os.tmpdir(), "lifecycle-")));
  server = await startWebServer({ databaseUrl: process.env.DATABASE_URL!, artifactsRoot: store.root });
  worker = await startWorker({ workerId: `lifecycle-${process.pid}`, databaseUrl: process.env.DATABASE_URL!, db: getDb(), store, concurrency: 2, staleSeconds: 30 });
  owner = await createTestUser("contributor");
  alice = await createTestUser("user");
  bob = await createTestUser("user");
  admin = await createTestUser("admin");
  for (const [name, who] of Object.entries({ alice, bob, admin })) cookies[name] = await logInOverHttp(server.url, who.user.email, who.password);
  tool = await createPublishedTool(owner.user.id, TOOL, { inputSchema: [{ kind: "file", name: "filer", label: "Klasslista", min: 1, max: 3 }] });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await server?.stop();
  if (store) fs.rmSync(store.root, { recursive: true, force: true });
});

/**
 * Waits until the workers' hourly prune (PRUNE_RUNS_CRON, at a fixed minute) is at least
 * `clearMs` away: a tick in the middle of a retention test would purge what it backdated before
 * the prune it checks, and that prune would then report nothing.
 */
async function awayFromPruneTick(clearMs = 45_000) {
  const tickMinute = Number(PRUNE_RUNS_CRON.split(" ")[0]);
  const hourMs = 60 * 60 * 1000;
  // In local time, as graphile-worker's cron reads it (some time zones are half an hour off UTC).
  const now = new Date();
  const sinceTick = ((now.getMinutes() - tickMinute + 60) % 60) * 60_000 + now.getSeconds() * 1000 + now.getMilliseconds();
  const waitMs = sinceTick < 10_000 ? 10_000 - sinceTick : hourMs - sinceTick < clearMs ? hourMs - sinceTick + 10_000 : 0;
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
}

describe("retention", () => {
  beforeEach(() => awayFromPruneTick());

  it("cli prune removes an old run's files and result, keeps the row as history, and leaves newer runs alone", async () => {
    const old = await kor("alice", "7a.csv", "Kalle Anka, 7A\n");
    const recent = await kor("bob", "7b.csv", "Musse Pigg, 7B\n");
    expect(old.status).toBe("succeeded");
    expect(filesOf(old).length).toBe(3); // the upload and two artifacts
    expect((await download("alice", old.id)).status).toBe(200);
    await backdate(old.id, 8);

    const result = await cliPrune(["--days", "7"]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as Record<string, number>;
    expect(Object.keys(report).sort()).toEqual(["bytes", "files", "runs"]);
    expect(report.runs).toBeGreaterThanOrEqual(1);
    expect(report.files).toBeGreaterThanOrEqual(3);
    expect(report.bytes).toBeGreaterThan(0);

    // Store and database: nothing of the old run's data is left, the row is history.
    expect(filesOf(old)).toEqual([]);
    const [row] = await getDb().select().from(toolRuns).where(eq(toolRuns.id, old.id));
    expect(row).toMatchObject({ status: "succeeded", toolId: tool.tool.id, userId: alice.user.id, uiPayload: null, inputManifest: [], inputValues: {}, stdout: null, stderr: null, errorSummary: null });
    expect(row!.purgedAt).toBeInstanceOf(Date);
    expect(await getDb().$count(runArtifacts, eq(runArtifacts.runId, old.id))).toBe(0);
    expect((await download("alice", old.id)).status).toBe(404);
    expect((await fetch(`${server.url}/api/runs/${old.id}/zip`, { headers: { cookie: cookies.alice! } })).status).toBe(404);

    // The run page and Mina körningar say so, in Swedish.
    const page = textOf(await (await fetch(`${server.url}/runs/${old.id}`, { headers: { cookie: cookies.alice! } })).text());
    expect(page).toContain("Filerna och resultatet av den här körningen togs bort");
    const list = textOf(await (await fetch(`${server.url}/runs`, { headers: { cookie: cookies.alice! } })).text());
    expect(list).toContain("Filer och resultat borttagna");
    expect(list).toMatch(/sparas i 7 dagar och tas sedan bort automatiskt/);
    const toolPage = textOf(await (await fetch(`${server.url}/tools/${tool.tool.slug}`, { headers: { cookie: cookies.alice! } })).text());
    expect(toolPage).toMatch(/sparas i 7 dagar och tas sedan bort automatiskt/);
    await expect(rerunRun({ actor: alice.actor, input: { runId: old.id }, store })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("har tagits bort") });

    // Bob's newer run is untouched.
    expect(filesOf(recent).length).toBe(3);
    expect((await download("bob", recent.id)).status).toBe(200);
    const [bobs] = await getDb().select().from(toolRuns).where(eq(toolRuns.id, recent.id));
    expect(bobs!.purgedAt).toBeNull();
    expect(bobs!.uiPayload).not.toBeNull();
  });

  it("the workers prune by themselves: the cron item is registered and its task purges", async () => {
    const known = await getDb().execute<{ identifier: string }>(sql`select identifier from graphile_worker._private_known_crontabs`);
    expect(known.map((row) => row.identifier)).toContain("prune-runs");

    const old = await kor("alice");
    await backdate(old.id, 30);
    // What the cron schedules every hour, now.
    await getDb().execute(sql`select graphile_worker.add_job('prune-runs', '{}'::json)`);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [row] = await getDb().select({ purgedAt: toolRuns.purgedAt }).from(toolRuns).where(eq(toolRuns.id, old.id));
      const [job] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'prune-runs'`);
      // Purged, and the job done (its sweep too, so it cannot race the next test).
      if (row?.purgedAt && job!.n === 0) break;
      if (Date.now() > deadline) throw new Error("the worker did not prune");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(filesOf(old)).toEqual([]);
  });

  it("sweeps the store of what no run claims: partial writes, unattached batches, cancelled runs' inputs, deleted runs' folders", async () => {
    const longAgo = new Date(Date.now() - ORPHAN_GRACE_MS - 60_000);
    const put = async (key: string, content: string, old: boolean) => {
      const file = path.join(store.root, key);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      if (old) fs.utimesSync(file, longAgo, longAgo);
      return key;
    };
    const partial = await put(`inputs/${crypto.randomUUID()}/.tmp-0123456789abcdef`, "halv uppladdning", true);
    const unattached = await put(`inputs/${crypto.randomUUID()}/0`, "aldrig använd", true);
    const freshUpload = await put(`inputs/${crypto.randomUUID()}/0`, "laddas upp just nu", false);
    const freshPartial = await put(`inputs/${crypto.randomUUID()}/.tmp-fedcba9876543210`, "skrivs just nu", false);
    const deletedRunFolder = await put(`runs/${crypto.randomUUID()}/output/rest.txt`, "körningen finns inte", true);
    // A cancelled run (never started): its inputs have no use any more.
    const cancelledBatch = `inputs/${crypto.randomUUID()}`;
    await put(`${cancelledBatch}/0`, "Kalle Anka\n", false);
    const [cancelled] = await getDb()
      .insert(toolRuns)
      .values({ toolId: tool.tool.id, versionId: tool.version.id, context: "production", userId: alice.user.id, status: "cancelled", finishedAt: longAgo, inputManifest: [{ name: "klass.csv", bytes: 11, storeKey: `${cancelledBatch}/0` }] })
      .returning();
    const justCancelledBatch = `inputs/${crypto.randomUUID()}`;
    await put(`${justCancelledBatch}/0`, "Musse Pigg\n", false);
    const [justCancelled] = await getDb()
      .insert(toolRuns)
      .values({ toolId: tool.tool.id, versionId: tool.version.id, context: "production", userId: alice.user.id, status: "cancelled", finishedAt: new Date(), inputManifest: [{ name: "klass.csv", bytes: 11, storeKey: `${justCancelledBatch}/0` }] })
      .returning();
    const live = await kor("bob");

    const report = await pruneRuns({ actor: CLI_ACTOR, store, days: 7 });
    const left = storeFiles();
    for (const gone of [partial, unattached, deletedRunFolder, `${cancelledBatch}/0`]) expect(left).not.toContain(gone);
    // Still in flight, or cancelled a moment ago (Kör igen may still want it).
    for (const kept of [freshUpload, freshPartial, `${justCancelledBatch}/0`]) expect(left).toContain(kept);
    expect((await getDb().select({ purgedAt: toolRuns.purgedAt }).from(toolRuns).where(eq(toolRuns.id, justCancelled!.id)))[0]!.purgedAt).toBeNull();
    expect(filesOf(live).length).toBe(3);
    expect(report.files).toBeGreaterThanOrEqual(4);
    const [row] = await getDb().select().from(toolRuns).where(eq(toolRuns.id, cancelled!.id));
    expect(row!.purgedAt).toBeInstanceOf(Date);
    expect(row!.inputManifest).toEqual([]);
    // The folders of what was removed are gone too.
    expect(fs.existsSync(path.join(store.root, path.dirname(partial)))).toBe(false);
  });

  it("refuses the prune to anyone but an admin or the operator", async () => {
    await expect(pruneRuns({ actor: alice.actor, store })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await cliPrune(["--days", "-1"])).code).toBe(2);
  });
});

describe("Ta bort", () => {
  it("deletes one run at once — files, result, downloads — and only the owner can", async () => {
    const mine = await kor("alice");
    const bobs = await kor("bob");
    expect((await download("alice", mine.id)).status).toBe(200);

    // Someone else's run is "not found", for users and admins alike; nothing is removed.
    const refused = await trpcMutation("bob", "run.delete", { runId: mine.id });
    expect(refused.body.error?.json.data.code).toBe("NOT_FOUND");
    expect((await trpcMutation("admin", "run.delete", { runId: mine.id })).body.error?.json.data.code).toBe("NOT_FOUND");
    expect(filesOf(mine).length).toBe(3);

    const done = await trpcMutation("alice", "run.delete", { runId: mine.id });
    expect(done.status).toBe(200);
    expect(done.body.result?.data.json).toEqual({ deleted: 1 });
    expect(await getDb().$count(toolRuns, eq(toolRuns.id, mine.id))).toBe(0);
    expect(await getDb().$count(runArtifacts, eq(runArtifacts.runId, mine.id))).toBe(0);
    expect(storeFiles().filter((key) => key.startsWith(`runs/${mine.id}/`) || key.startsWith((mine.inputManifest as { storeKey: string }[])[0]!.storeKey))).toEqual([]);
    expect((await download("alice", mine.id)).status).toBe(404);
    expect((await fetch(`${server.url}/runs/${mine.id}`, { headers: { cookie: cookies.alice! } })).status).toBe(404);

    expect(filesOf(bobs).length).toBe(3);
    expect((await download("bob", bobs.id)).status).toBe(200);
  });

  it("deletes all of a tool's runs; a file Kör igen shares stays while a run still uses it", async () => {
    const first = await kor("alice");
    const again = await waitForRunToEnd((await rerunRun({ actor: alice.actor, input: { runId: first.id }, store })).runId);
    expect(again.inputManifest).toEqual(first.inputManifest); // the same stored upload
    const bobs = await kor("bob");

    expect((await trpcMutation("alice", "run.delete", { runId: first.id })).status).toBe(200);
    // The rerun still uses the upload: it stays, and the rerun can run again.
    expect(filesOf(again).length).toBe(3);

    const all = await trpcMutation("alice", "run.delete", { toolId: tool.tool.id });
    expect((all.body.result?.data.json as { deleted: number }).deleted).toBeGreaterThanOrEqual(1);
    expect(await getDb().$count(toolRuns, and(eq(toolRuns.userId, alice.user.id), eq(toolRuns.toolId, tool.tool.id), eq(toolRuns.context, "production")))).toBe(0);
    expect(storeFiles().filter((key) => key.startsWith(`runs/${again.id}/`) || key.startsWith((again.inputManifest as { storeKey: string }[])[0]!.storeKey))).toEqual([]);
    expect((await download("alice", again.id)).status).toBe(404);
    expect(filesOf(bobs).length).toBe(3);
    await expect(createCaller({ actor: alice.actor }).run.delete({ runId: crypto.randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("an admin erases a user's data", () => {
  it("removes runs, files, tool sessions and login sessions, audited with ids and counts only", async () => {
    const carol = await createTestUser("user");
    cookies.carol = await logInOverHttp(server.url, carol.user.email, carol.password);
    const secretName = "Elev Hemligsson.csv";
    const run = await kor("carol", secretName, "personnummer 20100101-1234\n");
    await getDb()
      .insert(toolSessions)
      .values({ toolId: tool.tool.id, userId: carol.user.id, context: "production", settings: { signatur: "Carol på Skolan" } })
      .onConflictDoUpdate({ target: [toolSessions.toolId, toolSessions.userId, toolSessions.context], set: { settings: { signatur: "Carol på Skolan" } } });
    const bobs = await kor("bob");

    // Not for anyone but an admin.
    expect((await trpcMutation("bob", "admin.eraseUserData", { userId: carol.user.id })).body.error?.json.data.code).toBe("FORBIDDEN");
    expect((await trpcMutation("carol", "admin.eraseUserData", { userId: carol.user.id })).body.error?.json.data.code).toBe("FORBIDDEN");
    expect(filesOf(run).length).toBe(3);
    // Nor on oneself.
    expect((await trpcMutation("admin", "admin.eraseUserData", { userId: admin.user.id })).body.error?.json.data.code).toBe("BAD_REQUEST");

    const erased = await trpcMutation("admin", "admin.eraseUserData", { userId: carol.user.id });
    expect(erased.status).toBe(200);
    expect(erased.body.result?.data.json).toMatchObject({ runs: 1, toolSessions: 1 });

    expect(await getDb().$count(toolRuns, eq(toolRuns.userId, carol.user.id))).toBe(0);
    expect(await getDb().$count(toolSessions, eq(toolSessions.userId, carol.user.id))).toBe(0);
    expect(storeFiles().filter((key) => key.startsWith(`runs/${run.id}/`) || key.startsWith((run.inputManifest as { storeKey: string }[])[0]!.storeKey))).toEqual([]);
    const [account] = await getDb().select().from(users).where(eq(users.id, carol.user.id));
    expect(account!.isActive).toBe(false);
    expect(account!.sessionVersion).toBeGreaterThan(carol.user.sessionVersion);
    // The saved cookie no longer opens anything.
    expect((await download("carol", run.id)).status).toBe(401);
    expect((await fetch(`${server.url}/runs`, { headers: { cookie: cookies.carol }, redirect: "manual" })).status).toBeGreaterThanOrEqual(300);

    const [event] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, "user.data_erased"), eq(auditEvents.targetId, carol.user.id)));
    expect(event).toMatchObject({ actorId: admin.user.id, targetType: "user" });
    expect(event!.after).toMatchObject({ runs: 1, toolSessions: 1, inputFiles: 1, artifacts: 2 });
    const logged = JSON.stringify(event);
    for (const secret of [secretName, "20100101", carol.user.email, "Carol på Skolan", "Kalle"]) expect(logged).not.toContain(secret);

    expect(filesOf(bobs).length).toBe(3);
    expect((await download("bob", bobs.id)).status).toBe(200);
  });
});
