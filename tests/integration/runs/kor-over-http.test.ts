/**
 * KÖR through the real web app over HTTP (next start from the build), the real worker, real
 * Docker: upload limits and file-name rules, downloads and their authorization, a 1 GB
 * artifact streamed with the server's memory measured, settings reaching memory.json, and
 * the state-revision conflict of interactive tools.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilesystemArtifactStore } from "../../../src/server/artifacts/filesystem-artifact-store";
import { createCaller } from "../../../src/server/api/root";
import { getDb } from "../../../src/server/db/client";
import { auditEvents, runArtifacts, toolRuns } from "../../../src/server/db/schema";
import { startWorker } from "../../../src/server/execution/worker";
import { rerunRun } from "../../../src/server/services/rerun-run";
import { createPublishedTool, createTestUser } from "../../support/db";
import { logInOverHttp, processTreeRss, startWebServer, type WebServer } from "../../support/web-server";
import { waitForRunToEnd } from "../../support/runs";

const CSV_TOOL = `
import os
from tool_errors import ToolUserError
def run_tool(input_dir, output_dir):
    names = sorted(os.listdir(input_dir))
    rows = []
    for name in names:
        with open(os.path.join(input_dir, name), encoding="utf-8") as f:
            lines = [line for line in f.read().splitlines() if line.strip()]
        rows.append({"fil": name, "rader": len(lines)})
    os.makedirs(os.path.join(output_dir, "rapporter"), exist_ok=True)
    with open(os.path.join(output_dir, "rapporter", "sammanfattning.txt"), "w", encoding="utf-8") as f:
        f.write("\\n".join(f"{r['fil']}: {r['rader']}" for r in rows))
    with open(os.path.join(output_dir, "hälsning.txt"), "w", encoding="utf-8") as f:
        f.write("Hej " + os.environ.get("SKRIPTOTEKET_INPUTS", ""))
    return {"outputs": [
        {"kind": "table", "title": "Filer", "columns": [{"key": "fil", "label": "Fil"}, {"key": "rader", "label": "Rader"}], "rows": rows},
        {"kind": "markdown", "markdown": "**Klart!**"},
    ]}
`;
const SETTINGS_TOOL = `
from skriptoteket_toolkit import read_settings
def run_tool(input_dir, output_dir):
    return {"outputs": [{"kind": "json", "title": "Inställningar", "value": read_settings()}]}
`;
const COUNTER_TOOL = `
from skriptoteket_toolkit import get_action_parts
def run_tool(input_dir, output_dir):
    action, values, state = get_action_parts()
    count = int(state.get("count", 0)) + (int(values.get("steg", 1)) if action else 0)
    return {
        "outputs": [{"kind": "notice", "level": "info", "message": f"Räknare: {count}"}],
        "next_actions": [{"action_id": "oka", "label": "Öka", "kind": "form", "fields": [{"name": "steg", "label": "Steg", "kind": "integer"}], "prefill": {"steg": 1}}],
        "state": {"count": count},
    }
`;

let server: WebServer;
let store: FilesystemArtifactStore;
let worker: Awaited<ReturnType<typeof startWorker>>;
let owner: Awaited<ReturnType<typeof createTestUser>>;
let alice: Awaited<ReturnType<typeof createTestUser>>;
let bob: Awaited<ReturnType<typeof createTestUser>>;
let admin: Awaited<ReturnType<typeof createTestUser>>;
const cookies: Record<string, string> = {};
let csvTool: Awaited<ReturnType<typeof createPublishedTool>>;

function form(slug: string, files: { name: string; content: Buffer | string }[], values: Record<string, unknown> = {}) {
  const body = new FormData();
  body.append("slug", slug);
  body.append("values", JSON.stringify(values));
  for (const file of files) body.append("files", new Blob([typeof file.content === "string" ? file.content : new Uint8Array(file.content)]), file.name);
  return body;
}

async function postRun(who: string, body: FormData) {
  const response = await fetch(`${server.url}/api/runs`, { method: "POST", body, headers: { cookie: cookies[who]!, origin: server.url } });
  return { status: response.status, json: (await response.json()) as { runId?: string; error?: { message: string; code: string } } };
}

const waitForRun = (runId: string) => waitForRunToEnd(runId, 60_000);

const inputFilesInStore = () => {
  const dir = path.join(store.root, "inputs");
  return fs.existsSync(dir) ? fs.readdirSync(dir).flatMap((batch) => fs.readdirSync(path.join(dir, batch))) : [];
};

beforeAll(async () => {
  store = new FilesystemArtifactStore(fs.mkdtempSync(path.join(os.tmpdir(), "kor-http-")));
  server = await startWebServer({
    databaseUrl: process.env.DATABASE_URL!,
    artifactsRoot: store.root,
    env: { UPLOAD_MAX_FILES: "3", UPLOAD_MAX_FILE_BYTES: "1m", UPLOAD_MAX_TOTAL_BYTES: "2m" },
  });
  worker = await startWorker({ workerId: `kor-http-${process.pid}`, databaseUrl: process.env.DATABASE_URL!, db: getDb(), store, concurrency: 2, staleSeconds: 30 });
  owner = await createTestUser("contributor");
  alice = await createTestUser("user");
  bob = await createTestUser("user");
  admin = await createTestUser("admin");
  for (const [name, who] of Object.entries({ alice, bob, admin })) cookies[name] = await logInOverHttp(server.url, who.user.email, who.password);
  csvTool = await createPublishedTool(owner.user.id, CSV_TOOL, {
    inputSchema: [
      { kind: "file", name: "filer", label: "Klasslistor", accept: [".csv", ".txt"], min: 1, max: 3 },
      { kind: "string", name: "klass", label: "Klass", required: true },
    ],
  });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await server?.stop();
  if (store) fs.rmSync(store.root, { recursive: true, force: true });
});

describe("KÖR upload rules", () => {
  const ok = { name: "7a.csv", content: "Namn\nÅsa\nÖrjan\n" };
  const cases: { what: string; files: { name: string; content: string | Buffer }[]; values?: Record<string, unknown>; status: number; message: RegExp }[] = [
    { what: "too many files", files: [ok, { ...ok, name: "b.csv" }, { ...ok, name: "c.csv" }, { ...ok, name: "d.csv" }], status: 413, message: /För många filer: högst 3/ },
    { what: "one file too large", files: [{ name: "stor.csv", content: Buffer.alloc(1_200_000, 65) }], status: 413, message: /Filen "stor.csv" är för stor: högst 1 MB per fil/ },
    {
      what: "too large together",
      files: [0, 1, 2].map((i) => ({ name: `del${i}.csv`, content: Buffer.alloc(900_000, 65) })),
      status: 413,
      message: /för stora tillsammans: högst 2 MB/,
    },
    { what: "a path in the name", files: [{ ...ok, name: "../hemligt.csv" }], status: 400, message: /snedstreck \(\/\)/ },
    { what: "an absolute name", files: [{ ...ok, name: "/etc/passwd.csv" }], status: 400, message: /snedstreck \(\/\)/ },
    { what: "a backslash", files: [{ ...ok, name: "a\\b.csv" }], status: 400, message: /bakåtsnedstreck/ },
    { what: "a 300-byte name", files: [{ ...ok, name: `${"å".repeat(150)}.csv` }], status: 400, message: /längre än 255 byte/ },
    { what: "duplicate names", files: [ok, ok], status: 400, message: /finns två gånger/ },
    { what: "a leading space", files: [{ ...ok, name: " 7a.csv" }], status: 400, message: /mellanslag/ },
    { what: "the wrong file type", files: [{ ...ok, name: "bild.png" }], status: 400, message: /fel filtyp.*\.csv, \.txt/ },
    { what: "an empty file", files: [{ name: "tom.csv", content: "" }], status: 400, message: /är tom/ },
    { what: "no file", files: [], status: 400, message: /Välj en fil/ },
    { what: "a missing required value", files: [ok], values: {}, status: 400, message: /Klass: fyll i/ },
    { what: "an unknown value", files: [ok], values: { klass: "7A", hack: 1 }, status: 400, message: /Okänt fält/ },
  ];

  it.each(cases)("refuses $what with a clear message and keeps nothing", async ({ files, values, status, message }) => {
    const before = inputFilesInStore().length;
    const response = await postRun("alice", form(csvTool.tool.slug, files, values ?? { klass: "7A" }));
    expect(response.status).toBe(status);
    expect(response.json.error?.message).toMatch(message);
    expect(inputFilesInStore().length).toBe(before);
  });

  it("refuses anonymous and cross-site posts, and unpublished tools answer 404", async () => {
    const anonymous = await fetch(`${server.url}/api/runs`, { method: "POST", body: form(csvTool.tool.slug, [ok], { klass: "7A" }), headers: { origin: server.url } });
    expect(anonymous.status).toBe(401);
    const crossSite = await fetch(`${server.url}/api/runs`, { method: "POST", body: form(csvTool.tool.slug, [ok], { klass: "7A" }), headers: { cookie: cookies.alice!, origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    const unknown = await postRun("alice", form("finns-inte", [ok], { klass: "7A" }));
    expect(unknown.status).toBe(404);
  });
});

describe("a run, its downloads and who may see them", () => {
  let runId: string;

  beforeAll(async () => {
    const response = await postRun("alice", form(csvTool.tool.slug, [{ name: "7a.csv", content: "Namn\nÅsa\nÖrjan\n" }, { name: "7b.txt", content: "Namn\nBo\n" }], { klass: "7A" }));
    expect(response.status).toBe(201);
    runId = response.json.runId!;
    const run = await waitForRun(runId);
    expect(run.status).toBe("succeeded");
  });

  it("stores outputs and artifacts, and streams each artifact with safe headers", async () => {
    const view = await createCaller({ actor: alice.actor }).run.get({ runId });
    expect(view.uiPayload?.outputs.map((output) => output.kind)).toEqual(["table", "markdown"]);
    expect(view.inputFiles.map((file) => file.name)).toEqual(["7a.csv", "7b.txt"]);
    expect(view.logs).toBeNull(); // users never see stdout/stderr
    const rows = await getDb().select().from(runArtifacts).where(eq(runArtifacts.runId, runId));
    const greeting = rows.find((row) => row.path === "output/hälsning.txt")!;

    const response = await fetch(`${server.url}/api/runs/${runId}/artifacts/${encodeURIComponent("hälsning.txt")}`, { headers: { cookie: cookies.alice! } });
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.toString("utf8")).toBe('Hej {"klass":"7A"}');
    expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(greeting.sha256);
    expect(response.headers.get("content-length")).toBe(String(greeting.bytes));
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="h_lsning.txt"; filename*=UTF-8''h%C3%A4lsning.txt`);

    const nested = await fetch(`${server.url}/api/runs/${runId}/artifacts/rapporter/sammanfattning.txt`, { headers: { cookie: cookies.alice! } });
    expect(await nested.text()).toBe("7a.csv: 3\n7b.txt: 2");

    const zip = await fetch(`${server.url}/api/runs/${runId}/zip`, { headers: { cookie: cookies.alice! } });
    expect(zip.status).toBe(200);
    const zipBytes = Buffer.from(await zip.arrayBuffer());
    expect(zipBytes.subarray(0, 2).toString()).toBe("PK");
    expect(zipBytes.includes(Buffer.from("rapporter/sammanfattning.txt"))).toBe(true);
  });

  it("answers 404 for another user's run and files, 401 without login, and logs an admin's look", async () => {
    const url = `${server.url}/api/runs/${runId}/artifacts/${encodeURIComponent("hälsning.txt")}`;
    expect((await fetch(url, { headers: { cookie: cookies.bob! } })).status).toBe(404);
    expect((await fetch(`${server.url}/api/runs/${runId}/zip`, { headers: { cookie: cookies.bob! } })).status).toBe(404);
    expect((await fetch(url)).status).toBe(401);
    await expect(createCaller({ actor: bob.actor }).run.get({ runId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createCaller({ actor: bob.actor }).run.rerun({ runId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createCaller({ actor: bob.actor }).run.cancel({ runId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect((await fetch(url, { headers: { cookie: cookies.admin! } })).status).toBe(200);
    const logged = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "run.viewed_by_admin"), eq(auditEvents.targetId, runId)));
    expect(logged.length).toBeGreaterThanOrEqual(1);
    expect(logged[0]!.actorId).toBe(admin.user.id);
  });

  it("runs again with the same files and values (Kör igen)", async () => {
    // The service with this test's store (the tRPC procedure uses the app's default store).
    const { runId: again } = await rerunRun({ actor: alice.actor, input: { runId }, store });
    const run = await waitForRun(again);
    expect(run.status).toBe("succeeded");
    expect(run.inputValues).toEqual({ klass: "7A" });
    const listed = await createCaller({ actor: alice.actor }).run.listMine({ page: 1 });
    expect(listed.runs[0]!.id).toBe(again);
    expect(listed.runs[0]!.inputFileNames).toEqual(["7a.csv", "7b.txt"]);
  });

  it("streams a 1 GB artifact with flat server memory", async () => {
    const [run] = await getDb()
      .insert(toolRuns)
      .values({ toolId: csvTool.tool.id, versionId: csvTool.version.id, context: "production", userId: alice.user.id, status: "succeeded", finishedAt: new Date() })
      .returning();
    const key = `runs/${run!.id}/output/stor.bin`;
    const file = path.join(store.root, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const size = 1024 * 1024 * 1024;
    const handle = fs.openSync(file, "w");
    const chunk = crypto.randomBytes(1024 * 1024);
    for (let written = 0; written < size; written += chunk.length) fs.writeSync(handle, chunk);
    fs.closeSync(handle);
    await getDb().insert(runArtifacts).values({ runId: run!.id, path: "output/stor.bin", bytes: size, sha256: "x", contentType: "application/octet-stream", storeKey: key });

    const baseline = processTreeRss(server.pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, processTreeRss(server.pid))), 50);
    const response = await fetch(`${server.url}/api/runs/${run!.id}/artifacts/stor.bin`, { headers: { cookie: cookies.alice! } });
    expect(response.headers.get("content-length")).toBe(String(size));
    let received = 0;
    const hash = crypto.createHash("sha256");
    for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
      received += part.length;
      hash.update(part);
    }
    clearInterval(sampler);
    fs.rmSync(file);
    expect(received).toBe(size);
    const growthMb = (peak - baseline) / 1024 / 1024;
    console.log(`1 GB download: server memory grew ${growthMb.toFixed(1)} MB`);
    // A safety bound, not a timing: buffering the file would grow by ~1024 MB.
    expect(growthMb).toBeLessThan(150);
  }, 180_000);
});

describe("settings and interactive state", () => {
  it("sends saved settings to the script as memory.json, and a changed schema starts empty", async () => {
    const settingsSchema = [{ kind: "integer", name: "gruppstorlek", label: "Gruppstorlek", default: 4 }, { kind: "multi_enum", name: "dagar", label: "Dagar", options: [{ value: "mon", label: "Måndag" }, { value: "tis", label: "Tisdag" }] }];
    const { tool, version } = await createPublishedTool(owner.user.id, SETTINGS_TOOL, { settingsSchema });
    const caller = createCaller({ actor: alice.actor });
    await expect(caller.tool.saveSettings({ slug: tool.slug, values: { gruppstorlek: "many" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await caller.tool.saveSettings({ slug: tool.slug, values: { gruppstorlek: "5", dagar: ["tis"] } });
    expect((await caller.tool.page({ slug: tool.slug })).settings).toEqual({ gruppstorlek: 5, dagar: ["tis"] });

    const response = await postRun("alice", form(tool.slug, []));
    const run = await waitForRun(response.json.runId!);
    expect(run.uiPayload).toMatchObject({ outputs: [{ kind: "json", value: { gruppstorlek: 5, dagar: ["tis"] } }] });
    expect(run.settingsUsed).toEqual({ gruppstorlek: 5, dagar: ["tis"] });

    // A new settings_schema: the old values no longer apply.
    const { toolVersions } = await import("../../../src/server/db/schema");
    await getDb().update(toolVersions).set({ settingsSchema: [{ kind: "boolean", name: "ny", label: "Ny" }] }).where(eq(toolVersions.id, version.id));
    expect((await caller.tool.page({ slug: tool.slug })).settings).toEqual({});
  });

  it("refuses a follow-up action on a stale state revision before anything runs", async () => {
    const { tool } = await createPublishedTool(owner.user.id, COUNTER_TOOL);
    const caller = createCaller({ actor: alice.actor });
    const first = await postRun("alice", form(tool.slug, []));
    await waitForRun(first.json.runId!);
    const view = await caller.run.get({ runId: first.json.runId! });
    expect(view.uiPayload?.outputs[0]).toMatchObject({ message: "Räknare: 0" });
    const revision = view.stateRevision;

    await expect(caller.run.action({ slug: tool.slug, actionId: "oka", values: { steg: "2" }, stateRevision: revision - 1 })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(caller.run.action({ slug: tool.slug, actionId: "finns-inte", values: {}, stateRevision: revision })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(caller.run.action({ slug: tool.slug, actionId: "oka", values: { steg: "två" }, stateRevision: revision })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const [a, b] = await Promise.allSettled([
      caller.run.action({ slug: tool.slug, actionId: "oka", values: { steg: "2" }, stateRevision: revision }),
      caller.run.action({ slug: tool.slug, actionId: "oka", values: { steg: "2" }, stateRevision: revision }),
    ]);
    const accepted = [a, b].filter((result) => result.status === "fulfilled");
    const refused = [a, b].filter((result) => result.status === "rejected");
    expect(accepted).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });

    const second = await waitForRun((accepted[0] as PromiseFulfilledResult<{ runId: string }>).value.runId);
    expect(second.uiPayload).toMatchObject({ outputs: [{ message: "Räknare: 2" }] });
    const next = await caller.run.get({ runId: second.id });
    // The follow-up says what was chosen, in the form's words, and after which run.
    expect(next.followUp).toEqual({ label: "Öka", fromRunId: first.json.runId });
    expect(next.inputChoices).toEqual([{ label: "Steg", value: "2" }]);
    const third = await caller.run.action({ slug: tool.slug, actionId: "oka", values: { steg: "3" }, stateRevision: next.stateRevision });
    expect((await waitForRun(third.runId)).uiPayload).toMatchObject({ outputs: [{ message: "Räknare: 5" }] });
    expect((await caller.run.get({ runId: third.runId })).followUp).toEqual({ label: "Öka", fromRunId: second.id });
    expect(view.followUp).toBeNull();
    // Only the latest result's forms can be used: older ones point to it, and the tool page offers it.
    expect((await caller.run.get({ runId: second.id })).newerResultRunId).toBe(third.runId);
    expect((await caller.run.get({ runId: third.runId })).newerResultRunId).toBeNull();
    expect((await caller.tool.page({ slug: tool.slug })).continueRunId).toBe(third.runId);
    // Mina körningar names the choice on the follow-ups.
    const listed = (await caller.run.listMine({ page: 1 })).runs.filter((run) => [first.json.runId, second.id, third.runId].includes(run.id));
    expect(listed.map((run) => [run.isActionRun, run.actionLabel])).toEqual([
      [true, "Öka"],
      [true, "Öka"],
      [false, null],
    ]);
  });
});
