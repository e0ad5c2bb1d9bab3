/**
 * Surviving restarts while runs are queued and running: (a) Postgres, (b) the Docker daemon,
 * (c) the web process. Real worker processes (`cli worker`), real Postgres, real Docker with
 * the real runner image. Afterwards no run is stuck queued/running, none is lost, the ones that
 * could not finish say why in Swedish, worker and web carry on by themselves, and nothing of
 * the runs is left in Docker.
 *
 * (a) restarts a private Postgres of its own (the suite's shared one serves the other files);
 * (b) a private Docker daemon of its own (never the shared one other suites use).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../src/server/auth/password";
import { connect, getDb, type Database } from "../../../src/server/db/client";
import { startDatabaseProcess } from "../../../src/server/db/database-process";
import { migrateDatabase } from "../../../src/server/db/migrate";
import { toolMaintainers, toolRuns, tools, toolVersions, users, workerHeartbeats } from "../../../src/server/db/schema";
import { seedTaxonomy } from "../../../src/server/db/seed";
import { LABEL_MANAGED, LABEL_RUN_ID } from "../../../src/server/execution/container-spec";
import { docker as sharedDocker, type DockerClient } from "../../../src/server/execution/docker-client";
import { ensureRunnerImage } from "../../../src/server/execution/runner-image";
import { queueRun } from "../../../src/server/services/queue-run";
import { startPrivateDockerd, type PrivateDockerd } from "../../support/private-dockerd";
import { freePort, logInOverHttp, startWebServer, type WebServer } from "../../support/web-server";
import { startWorkerProcess, type WorkerProcess } from "../../support/worker-process";

const SLOW_TOOL = `
import time
def run_tool(input_dir, output_dir):
    time.sleep(4)
    return {"outputs": [{"kind": "notice", "level": "info", "message": "långsam klar"}]}
`;
// Outlives a daemon shutdown (the private daemon kills containers 2 s into it).
const LONG_TOOL = `
import time
def run_tool(input_dir, output_dir):
    time.sleep(30)
    return "för sent"
`;
const QUICK_TOOL = `
def run_tool(input_dir, output_dir):
    return {"outputs": [{"kind": "notice", "level": "info", "message": "snabb klar"}]}
`;
const FINISHED = ["succeeded", "failed", "timed_out", "cancelled"];

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A user (who can log in) and a published tool per script, in `db`. */
async function seedTools(db: Database, sources: Record<string, string>) {
  const password = "restart-test-password";
  const [user] = await db
    .insert(users)
    .values({ email: `restart-${crypto.randomBytes(4).toString("hex")}@test.skriptoteket`, displayName: "Test", role: "contributor", passwordHash: await hashPassword(password) })
    .returning();
  const made: Record<string, { toolId: string; versionId: string; slug: string }> = {};
  for (const [key, source] of Object.entries(sources)) {
    const slug = `restart-${key}-${crypto.randomBytes(4).toString("hex")}`;
    const [tool] = await db.insert(tools).values({ slug, title: `Omstart ${key}`, ownerId: user!.id, isPublished: true }).returning();
    const [version] = await db
      .insert(toolVersions)
      .values({ toolId: tool!.id, versionNumber: 1, state: "active", sourceCode: source, contentHash: crypto.createHash("sha256").update(source).digest("hex"), createdBy: user!.id, publishedBy: user!.id, publishedAt: new Date() })
      .returning();
    await db.update(tools).set({ activeVersionId: version!.id }).where(eq(tools.id, tool!.id));
    await db.insert(toolMaintainers).values({ toolId: tool!.id, userId: user!.id });
    made[key] = { toolId: tool!.id, versionId: version!.id, slug };
  }
  return { user: user!, password, tools: made };
}

function submitter(db: Database, userId: string) {
  return async (tool: { toolId: string; versionId: string }) =>
    (await db.transaction((tx) => queueRun(tx, { toolId: tool.toolId, userId, context: "production", script: { versionId: tool.versionId }, inputFiles: [], inputValues: {}, settings: {} }))).runId;
}

async function rows(db: Database, runIds: string[]) {
  return db.select().from(toolRuns).where(inArray(toolRuns.id, runIds));
}

const allFinished = (db: Database, runIds: string[]) => async () => {
  const current = await rows(db, runIds);
  return current.length === runIds.length && current.every((row) => FINISHED.includes(row.status)) ? current : null;
};

async function containersOf(docker: DockerClient, runIds: string[]) {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_MANAGED}=true`] } });
  return containers.filter((info) => runIds.includes(info.Labels?.[LABEL_RUN_ID] ?? ""));
}

const summary = (list: (typeof toolRuns.$inferSelect)[], runIds: string[]) =>
  runIds.map((id) => list.find((row) => row.id === id)!).map((row) => ({ status: row.status, errorSummary: row.errorSummary }));

let artifactsRoot: string;
beforeAll(async () => {
  await ensureRunnerImage();
  artifactsRoot = fs.mkdtempSync(path.join(os.tmpdir(), "ops-restarts-"));
});
afterAll(() => {
  if (artifactsRoot) fs.rmSync(artifactsRoot, { recursive: true, force: true });
});

describe("(a) Postgres restarts", () => {
  let database: Awaited<ReturnType<typeof startDatabaseProcess>> | undefined;
  let own: ReturnType<typeof connect> | undefined;
  let worker: WorkerProcess | undefined;
  let web: WebServer | undefined;
  const dataDir = path.resolve(`.data/test-postgres-restart/${process.pid}`);

  afterAll(async () => {
    await worker?.stop();
    await web?.stop();
    await own?.sql.end({ timeout: 5 });
    await database?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps the running run's result, runs the queued ones, and web and worker reconnect", async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const port = await freePort();
    const serve = () => startDatabaseProcess({ dataDir, port, database: "skriptoteket_restart" });
    database = await serve();
    await migrateDatabase(database.url);
    own = connect(database.url, { max: 3 });
    const db = own.db;
    await seedTaxonomy(db);
    const seeded = await seedTools(db, { slow: SLOW_TOOL, quick: QUICK_TOOL });
    const submit = submitter(db, seeded.user.id);

    // No warm pool: the test follows a run's container by its run-id label, which only a cold
    // container carries (pool containers are created before any run exists).
    const env = { DATABASE_URL: database.url, ARTIFACTS_ROOT: artifactsRoot, RUNNER_MAX_CONCURRENCY: "1", RUNNER_POOL_SIZE: "0", WORKER_STALE_SECONDS: "30" };
    worker = await startWorkerProcess(env);
    web = await startWebServer({ databaseUrl: database.url, artifactsRoot });
    const cookie = await logInOverHttp(web.url, seeded.user.email, seeded.password);

    const running = await submit(seeded.tools.slow!);
    const queued = [await submit(seeded.tools.quick!), await submit(seeded.tools.quick!)];
    await waitFor("the slow run to start", async () => (await rows(db, [running]))[0]?.status === "running");
    await waitFor("its container", async () => (await containersOf(sharedDocker, [running])).length === 1);

    await database.stop();
    // The container finishes while the database is away: the worker must keep the outcome.
    await waitFor("the slow run's container to finish", async () => (await containersOf(sharedDocker, [running])).length === 0, 30_000);
    database = await serve();

    const runIds = [running, ...queued];
    const finished = await waitFor("every run to finish", allFinished(db, runIds));
    console.log("(a) Postgres restart:", JSON.stringify(summary(finished, runIds)));
    expect(summary(finished, runIds)).toEqual([
      { status: "succeeded", errorSummary: null },
      { status: "succeeded", errorSummary: null },
      { status: "succeeded", errorSummary: null },
    ]);
    expect(worker.logLines().some((line) => line.level === 40 && line.runId === running)).toBe(true);

    // The worker reports again, and the web answers and takes a new run through the same process.
    const [beat] = await db.select().from(workerHeartbeats).where(eq(workerHeartbeats.dockerOk, true));
    expect(beat).toBeDefined();
    const body = new FormData();
    body.append("slug", seeded.tools.quick!.slug);
    body.append("values", "{}");
    const response = await waitFor("the web to take a run again", async () => {
      const attempt = await fetch(`${web!.url}/api/runs`, { method: "POST", body, headers: { cookie, origin: web!.url } });
      return attempt.status === 201 ? attempt : null;
    }, 30_000);
    const { runId } = (await response.json()) as { runId: string };
    const [after] = await waitFor("the run queued after the restart", allFinished(db, [runId]));
    expect(after!.status).toBe("succeeded");
    // Removed in the background once the answer is in (docker-runner.ts): gone soon, not at once.
    await waitFor("no container of these runs left", async () => (await containersOf(sharedDocker, [...runIds, runId])).length === 0, 30_000);
  }, 180_000);
});

describe("(b) the Docker daemon restarts", () => {
  let dockerd: PrivateDockerd | undefined;
  let worker: WorkerProcess | undefined;

  afterAll(async () => {
    await worker?.stop();
    await dockerd?.stop();
  });

  it("fails the run it killed with a Swedish reason, runs the queued ones after, and leaves no container", async () => {
    const image = await ensureRunnerImage();
    const setupStarted = Date.now();
    dockerd = await startPrivateDockerd(image);
    console.log(`(b) private dockerd ready in ${Date.now() - setupStarted} ms`);
    const seeded = await seedTools(getDb(), { slow: LONG_TOOL, quick: QUICK_TOOL });
    const submit = submitter(getDb(), seeded.user.id);
    worker = await startWorkerProcess({
      DATABASE_URL: process.env.DATABASE_URL!,
      ARTIFACTS_ROOT: artifactsRoot,
      DOCKER_SOCKET_PATH: dockerd.socketPath,
      RUNNER_IMAGE: image,
      RUNNER_MAX_CONCURRENCY: "1",
      RUNNER_POOL_SIZE: "0",
      // Heartbeats (and with them the reaper) every 2 s.
      WORKER_STALE_SECONDS: "6",
    });

    const running = await submit(seeded.tools.slow!);
    const queued = [await submit(seeded.tools.quick!), await submit(seeded.tools.quick!)];
    await waitFor("the slow run to start", async () => (await rows(getDb(), [running]))[0]?.status === "running");
    // Running, not merely created: a run whose container had not started yet is put back in the queue instead.
    await waitFor("its container to run", async () => (await containersOf(dockerd!.docker, [running])).some((info) => info.State === "running"));

    const restartStarted = Date.now();
    await dockerd.restart();
    console.log(`(b) dockerd restart took ${Date.now() - restartStarted} ms`);

    const runIds = [running, ...queued];
    const finished = await waitFor("every run to finish", allFinished(getDb(), runIds));
    console.log("(b) Docker restart:", JSON.stringify(summary(finished, runIds)));
    const [killed, ...rest] = summary(finished, runIds);
    expect(killed!.status).toBe("failed");
    expect(killed!.errorSummary).toMatch(/körmiljön stoppades utifrån.*Docker startades om/);
    expect(killed!.errorSummary).toMatch(/kör verktyget igen/i);
    expect(rest).toEqual([
      { status: "succeeded", errorSummary: null },
      { status: "succeeded", errorSummary: null },
    ]);
    // The reaper removes what the daemon kept of the killed run.
    await waitFor("no container of these runs on the daemon", async () => (await containersOf(dockerd!.docker, runIds)).length === 0, 30_000);
  }, 240_000);
});

describe("(c) the web process restarts", () => {
  let web: WebServer | undefined;
  let worker: WorkerProcess | undefined;

  afterAll(async () => {
    await worker?.stop();
    await web?.stop();
  });

  it("loses no queued or running run, and the new web process serves them", async () => {
    const seeded = await seedTools(getDb(), { slow: SLOW_TOOL, quick: QUICK_TOOL });
    // No warm pool, as in (a): the run's container is followed by its run-id label.
    worker = await startWorkerProcess({ DATABASE_URL: process.env.DATABASE_URL!, ARTIFACTS_ROOT: artifactsRoot, RUNNER_MAX_CONCURRENCY: "1", RUNNER_POOL_SIZE: "0" });
    web = await startWebServer({ databaseUrl: process.env.DATABASE_URL!, artifactsRoot });
    let cookie = await logInOverHttp(web.url, seeded.user.email, seeded.password);
    const kor = async (slug: string) => {
      const body = new FormData();
      body.append("slug", slug);
      body.append("values", "{}");
      const response = await fetch(`${web!.url}/api/runs`, { method: "POST", body, headers: { cookie, origin: web!.url } });
      expect(response.status).toBe(201);
      return ((await response.json()) as { runId: string }).runId;
    };
    const running = await kor(seeded.tools.slow!.slug);
    const queued = [await kor(seeded.tools.quick!.slug), await kor(seeded.tools.quick!.slug)];
    await waitFor("the slow run to start", async () => (await rows(getDb(), [running]))[0]?.status === "running");

    await web.kill(); // as hard as it gets: no shutdown of its own
    web = await startWebServer({ databaseUrl: process.env.DATABASE_URL!, artifactsRoot });
    cookie = await logInOverHttp(web.url, seeded.user.email, seeded.password);

    const runIds = [running, ...queued];
    const finished = await waitFor("every run to finish", allFinished(getDb(), runIds));
    console.log("(c) web restart:", JSON.stringify(summary(finished, runIds)));
    expect(summary(finished, runIds).map((run) => run.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    for (const runId of runIds) {
      const page = await fetch(`${web.url}/runs/${runId}`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Omstart");
    }
    const after = await kor(seeded.tools.quick!.slug);
    const [row] = await waitFor("a run through the new web process", allFinished(getDb(), [after]));
    expect(row!.status).toBe("succeeded");
    // Removed in the background once the answer is in (docker-runner.ts): gone soon, not at once.
    await waitFor("no container of these runs left", async () => (await containersOf(sharedDocker, [...runIds, after])).length === 0, 30_000);
  }, 180_000);
});
