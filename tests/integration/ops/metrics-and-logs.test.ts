/**
 * Operating it, through the real web app and a real worker process (both as `npm start` runs
 * them) with real Docker: the metrics move with real runs, the scrape is refused to strangers,
 * and one run's log lines carry its request id and run id from the web request to the worker
 * while holding none of the personal data the run was given.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../src/server/db/client";
import { toolRuns } from "../../../src/server/db/schema";
import { ensureRunnerImage } from "../../../src/server/execution/runner-image";
import { createPublishedTool, createTestUser } from "../../support/db";
import { freePort, logInOverHttp, startWebServer, type WebServer } from "../../support/web-server";
import { parseLogLines, sample, startWorkerProcess, type WorkerProcess } from "../../support/worker-process";

const METRICS_TOKEN = crypto.randomBytes(24).toString("hex");

// A fixture full of personal data: none of it may reach a log line or a metric.
const PUPIL = "Åsa Öberg-Lindqvist";
const PUPIL_EMAIL = "asa.oberg.lindqvist@elev.skolan.se";
const FILE_NAME = "Elevsamtal Åsa Öberg-Lindqvist.csv";
const FILE_CONTENT = `namn;e-post;anteckning\n${PUPIL};${PUPIL_EMAIL};Behöver stöd i matematik\n`;
const FORM_VALUE = "Mentor för Åsa Öberg-Lindqvist";
const TOOL = `
import os
def run_tool(input_dir, output_dir):
    for name in os.listdir(input_dir):
        with open(os.path.join(input_dir, name), encoding="utf-8") as f:
            text = f.read()
        print(text)
        with open(os.path.join(output_dir, "kopia.csv"), "w", encoding="utf-8") as out:
            out.write(text)
    return {"outputs": [{"kind": "markdown", "markdown": "Klart: " + os.environ.get("SKRIPTOTEKET_INPUTS", "")}]}
`;

let server: WebServer;
let worker: WorkerProcess;
let workerMetricsUrl: string;
let artifactsRoot: string;
let user: Awaited<ReturnType<typeof createTestUser>>;
let cookie: string;
let tool: Awaited<ReturnType<typeof createPublishedTool>>;

const scrape = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });
const webMetrics = async () => (await scrape(`${server.url}/api/metrics`)).text();
const workerMetrics = async () => (await scrape(workerMetricsUrl)).text();

async function kor(requestId: string) {
  const body = new FormData();
  body.append("slug", tool.tool.slug);
  body.append("values", JSON.stringify({ klass: FORM_VALUE }));
  body.append("files", new Blob([FILE_CONTENT]), FILE_NAME);
  const response = await fetch(`${server.url}/api/runs`, { method: "POST", body, headers: { cookie, origin: server.url, "x-request-id": requestId } });
  expect(response.status).toBe(201);
  expect(response.headers.get("x-request-id")).toBe(requestId);
  const { runId } = (await response.json()) as { runId: string };
  const deadline = Date.now() + 90_000;
  for (;;) {
    const [run] = await getDb().select().from(toolRuns).where(eq(toolRuns.id, runId));
    if (run && !["queued", "running"].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An address of this machine that is not loopback (the scrape must then show a token). */
function outsideAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((info) => info && info.family === "IPv4" && !info.internal)?.address;
}

beforeAll(async () => {
  await ensureRunnerImage();
  artifactsRoot = fs.mkdtempSync(path.join(os.tmpdir(), "ops-metrics-"));
  const shared = { DATABASE_URL: process.env.DATABASE_URL!, ARTIFACTS_ROOT: artifactsRoot, METRICS_TOKEN };
  server = await startWebServer({ databaseUrl: shared.DATABASE_URL, artifactsRoot, env: { METRICS_TOKEN, LOG_LEVEL: "info" } });
  const metricsPort = await freePort();
  workerMetricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  // Concurrency 1 said outright: the default is one per CPU core, and the gauge is checked below.
  worker = await startWorkerProcess({ ...shared, WORKER_METRICS_PORT: String(metricsPort), RUNNER_MAX_CONCURRENCY: "1" });
  const owner = await createTestUser("contributor");
  user = await createTestUser("user");
  cookie = await logInOverHttp(server.url, user.user.email, user.password);
  tool = await createPublishedTool(owner.user.id, TOOL, {
    inputSchema: [
      { kind: "file", name: "filer", label: "Fil", accept: [".csv"], min: 1, max: 1 },
      { kind: "string", name: "klass", label: "Klass", required: true },
    ],
  });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await server?.stop();
  if (artifactsRoot) fs.rmSync(artifactsRoot, { recursive: true, force: true });
});

describe("metrics", () => {
  it("move with a real run: queued, uploaded, finished, waited, executed, downloaded, timed by route", async () => {
    const webBefore = await webMetrics();
    const workerBefore = await workerMetrics();
    const run = await kor(`metrics-${crypto.randomBytes(4).toString("hex")}`);
    expect(run.status).toBe("succeeded");
    const download = await fetch(`${server.url}/api/runs/${run.id}/artifacts/kopia.csv`, { headers: { cookie } });
    expect(download.status).toBe(200);
    const downloaded = (await download.arrayBuffer()).byteLength;

    const moved = (text: string, before: string, series: string) => sample(text, series) - sample(before, series);
    // A request is timed when its connection closes, which may come just after the client has
    // the whole body: scrape until the download's own timing is in (or give up after 10 s).
    const downloadTimed = 'skriptoteket_http_request_duration_seconds_count{method="GET",route="/api/runs/[runId]/artifacts/[...path]",status="200"}';
    let web = await webMetrics();
    for (let tries = 0; moved(web, webBefore, downloadTimed) < 1 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      web = await webMetrics();
    }
    expect(moved(web, webBefore, 'skriptoteket_runs_queued_total{context="production"}')).toBe(1);
    expect(moved(web, webBefore, "skriptoteket_upload_bytes_total")).toBe(Buffer.byteLength(FILE_CONTENT));
    expect(moved(web, webBefore, "skriptoteket_upload_files_total")).toBe(1);
    expect(moved(web, webBefore, "skriptoteket_download_bytes_total")).toBe(downloaded);
    expect(moved(web, webBefore, 'skriptoteket_http_request_duration_seconds_count{method="POST",route="/api/runs",status="201"}')).toBe(1);
    expect(moved(web, webBefore, 'skriptoteket_http_request_duration_seconds_count{method="GET",route="/api/runs/[runId]/artifacts/[...path]",status="200"}')).toBe(1);
    expect(sample(web, "skriptoteket_workers_alive")).toBeGreaterThanOrEqual(1);
    expect(sample(web, "skriptoteket_database_up")).toBe(1);
    expect(web).toMatch(/^skriptoteket_queue_depth\{context="production"\} \d+$/m);

    const after = await workerMetrics();
    expect(moved(after, workerBefore, 'skriptoteket_runs_finished_total{context="production",status="succeeded"}')).toBe(1);
    expect(moved(after, workerBefore, 'skriptoteket_run_queue_wait_seconds_count{context="production"}')).toBe(1);
    expect(moved(after, workerBefore, 'skriptoteket_run_execution_seconds_count{context="production",status="succeeded"}')).toBe(1);
    expect(sample(after, "skriptoteket_worker_runs_in_progress")).toBe(0);
    expect(sample(after, "skriptoteket_worker_concurrency")).toBe(1);
    // The pool of one: its target, and 0 or 1 waiting (refilled in the background after the run).
    expect(sample(after, "skriptoteket_pool_size_containers")).toBe(1);
    expect(sample(after, "skriptoteket_pool_idle_containers")).toBeLessThanOrEqual(1);
    expect(sample(after, "skriptoteket_pool_preloaded_containers")).toBeLessThanOrEqual(sample(after, "skriptoteket_pool_idle_containers"));
    // Installation-wide gauges come from the web only (a worker's "workers_alive 0" would trip alerts).
    expect(after).not.toContain("skriptoteket_workers_alive");

    // No ids, names, e-mails or raw paths in any label.
    for (const text of [web, after]) {
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      for (const secret of [user.user.email, PUPIL, "Öberg", FILE_NAME, tool.tool.slug]) expect(text).not.toContain(secret);
    }
    console.log(`scrape excerpt (web):\n${web.split("\n").filter((line) => /^skriptoteket_(runs_queued|upload_bytes|download_bytes|queue_depth|workers_|database_up)/.test(line)).join("\n")}`);
    console.log(`scrape excerpt (worker):\n${after.split("\n").filter((line) => /^skriptoteket_(runs_finished|run_queue_wait_seconds_(count|sum)|run_execution_seconds_(count|sum)|worker_|pool_)/.test(line)).join("\n")}`);
  });

  it("refuses a scrape without the token unless it comes from loopback, whatever X-Forwarded-For says", async () => {
    const expectRefused = async (url: string, headers: Record<string, string> = {}) => {
      const response = await scrape(url, headers);
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain("skriptoteket_");
    };
    for (const url of [`${server.url}/api/metrics`, workerMetricsUrl]) {
      await expectRefused(url, { authorization: "Bearer not-the-token-at-all" });
      await expectRefused(url, { authorization: `Basic ${METRICS_TOKEN}` });
      // Through a proxy on this machine, every visitor would look local.
      await expectRefused(url, { "x-forwarded-for": "127.0.0.1" });
      expect((await scrape(url)).status).toBe(200);
      expect((await scrape(url, { authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200);
    }
  });

  it.skipIf(!outsideAddress())("refuses a scrape from another address without the token, and serves it with the token", async () => {
    const address = outsideAddress()!;
    const port = new URL(workerMetricsUrl).port;
    for (const url of [`http://${address}:${server.port}/api/metrics`, `http://${address}:${port}/metrics`]) {
      const refused = await scrape(url);
      expect(refused.status).toBe(401);
      expect((await scrape(url, { "x-forwarded-for": "127.0.0.1" })).status).toBe(401);
      const allowed = await scrape(url, { authorization: `Bearer ${METRICS_TOKEN}` });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain("skriptoteket_");
    }
  });
});

describe("structured logs", () => {
  it("follow one run by request id and run id from the web request to the worker, with none of its personal data", async () => {
    const requestId = `trace-${crypto.randomBytes(6).toString("hex")}`;
    const run = await kor(requestId);
    expect(run.status).toBe("succeeded");
    // The worker logs "run finished" right after storing the result; give the pipe a moment.
    const deadline = Date.now() + 10_000;
    while (!worker.logLines().some((line) => line.runId === run.id && line.msg === "run finished") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const webLines = parseLogLines(server.stderr()).filter((line) => line.requestId === requestId);
    const workerLines = worker.logLines().filter((line) => line.runId === run.id);
    expect(webLines.find((line) => line.msg === "run queued")).toMatchObject({ runId: run.id, userId: user.user.id, toolId: tool.tool.id, context: "production", level: 30 });
    expect(workerLines.find((line) => line.msg === "run started")).toMatchObject({ requestId, userId: user.user.id, level: 30 });
    expect(workerLines.find((line) => line.msg === "run finished")).toMatchObject({ requestId, status: "succeeded", level: 30 });
    console.log(`one run followed:\n${[...webLines, ...workerLines].map((line) => JSON.stringify(line)).join("\n")}`);

    const everything = server.stderr() + worker.stderr();
    for (const secret of [PUPIL, "Öberg", PUPIL_EMAIL, FILE_NAME, FORM_VALUE, "Behöver stöd", user.user.email, user.password]) {
      expect(everything).not.toContain(secret);
    }
  });
});
