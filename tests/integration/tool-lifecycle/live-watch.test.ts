/**
 * Live output end to end below the browser: real Postgres, an in-process worker, real Docker.
 * What a TESTKÖR prints reaches run.watch (watchRun) while the run is still running; a KÖR's
 * watcher gets the tool's progress and never its logs; an endless printer leaves a bounded
 * number of bounded rows in the database, and none once the run has ended.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilesystemArtifactStore } from "@/server/artifacts/filesystem-artifact-store";
import { getDb } from "@/server/db/client";
import { runLiveEvents, toolRuns } from "@/server/db/schema";
import { LivePublisher } from "@/server/execution/live-publisher";
import { ensureRunnerImage } from "@/server/execution/runner-image";
import { startWorker } from "@/server/execution/worker";
import { cancelRun } from "@/server/services/cancel-run";
import { queueRun } from "@/server/services/queue-run";
import { startSandboxRun } from "@/server/services/start-sandbox-run";
import { watchRun, type RunWatchEvent } from "@/server/services/watch-run";
import { newTool, people, saveOnHead, type Person } from "./support";

let alice: Person, user: Person;
let store: FilesystemArtifactStore;
let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  await ensureRunnerImage();
  store = new FilesystemArtifactStore(fs.mkdtempSync(path.join(os.tmpdir(), "live-watch-")));
  worker = await startWorker({ workerId: `live-watch-${process.pid}`, databaseUrl: process.env.DATABASE_URL!, db: getDb(), store, concurrency: 2, staleSeconds: 30 });
  ({ alice, user } = await people());
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  if (store) fs.rmSync(store.root, { recursive: true, force: true });
});

const editor = (sourceCode: string) => ({ kind: "editor" as const, sourceCode, entrypoint: "run_tool", inputSchema: [], settingsSchema: [] });

/** Every event of one watcher, until the run has finished (or `stop` says so), with the run's status when each arrived. */
async function watchAll(actor: Person["actor"], runId: string, stop?: (event: RunWatchEvent, status: string) => boolean | Promise<boolean>) {
  const controller = new AbortController();
  const seen: { event: RunWatchEvent; status: string }[] = [];
  let status = "queued";
  for await (const event of watchRun({ actor, runId, signal: controller.signal })) {
    if (event.type === "run") status = event.view.status;
    seen.push({ event, status });
    if (stop && (await stop(event, status))) {
      controller.abort();
      break;
    }
  }
  return seen;
}

const liveRows = async (runId: string) => {
  const [row] = await getDb()
    .select({ rows: count(), stdoutBytes: sql<number>`coalesce(sum(octet_length(${runLiveEvents.stdout})), 0)::int` })
    .from(runLiveEvents)
    .where(eq(runLiveEvents.runId, runId));
  return row!;
};

describe("run.watch live output", () => {
  it("TESTKÖR: printed lines arrive while the run is running; the stored logs follow and the live rows are gone", async () => {
    const tool = await newTool(alice.actor);
    const { runId } = await startSandboxRun({
      actor: alice.actor,
      input: {
        toolId: tool.id,
        script: editor(`
import time
from skriptoteket_toolkit import progress
def run_tool(input_dir, output_dir):
    print("hej från skriptet")
    progress("Halvvägs", 0.5)
    time.sleep(4)
    print("sista raden")
    return "klar"
`),
        files: [],
      },
    });
    const seen = await watchAll(alice.actor, runId);
    const live = seen.filter((s) => s.event.type === "live");
    const first = live.find((s) => s.event.type === "live" && s.event.stdout.includes("hej från skriptet"));
    expect(first?.status).toBe("running");
    expect(live.some((s) => s.event.type === "live" && s.event.progress?.message === "Halvvägs" && s.event.progress.fraction === 0.5)).toBe(true);
    const last = seen.at(-1)!.event;
    expect(last.type === "run" && last.view.status).toBe("succeeded");
    expect(last.type === "run" && last.view.logs?.stdout).toBe("hej från skriptet\nsista raden\n");
    expect((await liveRows(runId)).rows).toBe(0);
  });

  it("KÖR: the teacher's watcher gets progress, never the tool's printed lines (none are even stored live)", async () => {
    const tool = await newTool(alice.actor);
    const version = await saveOnHead(
      alice.actor,
      tool.id,
      `
import time
from skriptoteket_toolkit import progress
def run_tool(input_dir, output_dir):
    print("personnummer 20120101-1111")
    progress("Läser filerna", 0.25)
    time.sleep(2)
    progress("Nästan klart", 0.9)
    time.sleep(2)
    return "klar"
`,
    );
    const { runId } = await getDb().transaction((tx) =>
      queueRun(tx, { toolId: tool.id, userId: user.user.id, context: "production", script: { versionId: version.versionId }, inputFiles: [], inputValues: {}, settings: {} }),
    );
    let stdoutLive = "";
    const seen = await watchAll(user.actor, runId, async (event, status) => {
      if (event.type === "live" && status === "running") {
        const rows = await getDb().select().from(runLiveEvents).where(eq(runLiveEvents.runId, runId));
        stdoutLive += rows.map((row) => row.stdout + row.stderr).join("");
      }
      return false;
    });
    const live = seen.flatMap((s) => (s.event.type === "live" ? [{ ...s.event, status: s.status }] : []));
    expect(live.length).toBeGreaterThan(0);
    expect(live.every((e) => e.stdout === "" && e.stderr === "" && !e.stdoutTruncated)).toBe(true);
    expect(live.find((e) => e.progress?.message === "Läser filerna")?.status).toBe("running");
    expect(stdoutLive).toBe("");
  });

  it("an endless printer: the database holds a bounded number of rows with at most 200,000 bytes of stdout; nothing after the run", async () => {
    const tool = await newTool(alice.actor);
    const { runId } = await startSandboxRun({
      actor: alice.actor,
      input: {
        toolId: tool.id,
        script: editor(`
import sys
def run_tool(input_dir, output_dir):
    n = 0
    while True:
        n += 1
        print(f"rad {n} " + "x" * 200)
`),
        files: [],
      },
    });
    let during: Awaited<ReturnType<typeof liveRows>> | null = null;
    let liveText = "";
    await watchAll(alice.actor, runId, async (event) => {
      if (event.type !== "live") return false;
      liveText = liveText.slice(0, event.stdoutFrom) + event.stdout;
      if (!event.stdoutTruncated) return false;
      // Capped and flagged while the script still prints: look at the table, then stop the run.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      during = await liveRows(runId);
      await cancelRun({ actor: alice.actor, input: { runId } });
      return false;
    });
    expect(during).not.toBeNull();
    expect(during!.stdoutBytes).toBeLessThanOrEqual(200_000);
    expect(during!.stdoutBytes).toBeGreaterThan(190_000);
    // Batched: a few rows a second, not one per print.
    expect(during!.rows).toBeLessThan(60);
    expect(Buffer.byteLength(liveText)).toBe(during!.stdoutBytes);
    expect((await liveRows(runId)).rows).toBe(0);
  }, 90_000);

  it("the worker side batches whatever arrives: thousands of events in a burst become a couple of rows, the latest progress wins", async () => {
    const tool = await newTool(alice.actor);
    // Running rows without a queue job, held by the live test worker (so recovery leaves them):
    // nothing but these publishers touches their live rows.
    const runRow = async (userId: string, context: "sandbox" | "production") =>
      (
        await getDb()
          .insert(toolRuns)
          .values({ toolId: tool.id, userId, context, status: "running", adHocSource: "", adHocEntrypoint: "run_tool", workerId: `live-watch-${process.pid}` })
          .returning({ id: toolRuns.id })
      )[0]!.id;
    const runId = await runRow(alice.user.id, "sandbox");
    const publisher = new LivePublisher(getDb(), runId, { logs: true });
    let expected = "";
    for (let i = 0; i < 5000; i += 1) {
      publisher.add({ kind: "log", stream: "stdout", text: `rad ${i}\n` });
      publisher.add({ kind: "progress", message: `Steg ${i}`, fraction: i / 5000 });
      expected += `rad ${i}\n`;
    }
    publisher.add({ kind: "log", stream: "stderr", text: "nul\u0000byte" });
    publisher.add({ kind: "truncated", stream: "stdout" });
    await new Promise((resolve) => setTimeout(resolve, 600));
    await publisher.close();
    publisher.add({ kind: "log", stream: "stdout", text: "efter stängning" });
    const rows = await getDb().select().from(runLiveEvents).where(eq(runLiveEvents.runId, runId)).orderBy(asc(runLiveEvents.seq));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(3);
    expect(rows.map((row) => row.stdout).join("")).toBe(expected);
    expect(rows.map((row) => row.stderr).join("")).toBe("nul\ufffdbyte"); // Postgres text holds no NUL
    expect(rows.some((row) => row.stdoutTruncated)).toBe(true);
    expect(rows.at(-1)).toMatchObject({ progressMessage: "Steg 4999", progressFraction: 4999 / 5000 });

    // A KÖR: the same events, progress only.
    const teacherRunId = await runRow(user.user.id, "production");
    const kor = new LivePublisher(getDb(), teacherRunId, { logs: false });
    kor.add({ kind: "log", stream: "stdout", text: "personnummer" });
    kor.add({ kind: "truncated", stream: "stderr" });
    kor.add({ kind: "progress", message: "Läser", fraction: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await kor.close();
    const korRows = await getDb().select().from(runLiveEvents).where(eq(runLiveEvents.runId, teacherRunId));
    expect(korRows).toEqual([expect.objectContaining({ stdout: "", stderr: "", stdoutTruncated: false, stderrTruncated: false, progressMessage: "Läser", progressFraction: null })]);
    await getDb().update(toolRuns).set({ status: "failed", finishedAt: new Date() }).where(inArray(toolRuns.id, [runId, teacherRunId]));
  });
});
