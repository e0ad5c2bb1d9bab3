/**
 * TESTKÖR through the real web app over HTTP (POST /api/sandbox-runs, from the `next build`
 * output) with a real worker and Docker: the route streams the files, hands the editor's text
 * to the service, and maps refusals to statuses — 404 for a tool the caller does not maintain,
 * 401/403 for anonymous and cross-site posts, 400 with the schema's field path — keeping no
 * uploaded file of a refused run. Needs `npx next build` first (npm test builds).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilesystemArtifactStore } from "@/server/artifacts/filesystem-artifact-store";
import { getDb } from "@/server/db/client";
import { toolRuns } from "@/server/db/schema";
import { startWorker } from "@/server/execution/worker";
import { logInOverHttp, startWebServer, type WebServer } from "../../support/web-server";
import { newTool, people, type Person } from "./support";

const SCRIPT = `import os
from skriptoteket_toolkit import list_input_files
def run_tool(input_dir, output_dir):
    names = [f["name"] for f in list_input_files()]
    print("filer:", names)
    return {"outputs": [{"kind": "markdown", "markdown": "Filer: " + ", ".join(names)}]}
`;
const FILE_SCHEMA = [{ kind: "file", name: "filer", label: "Filer", accept: [".csv"], min: 1, max: 2 }];

let server: WebServer;
let store: FilesystemArtifactStore;
let worker: Awaited<ReturnType<typeof startWorker>>;
let alice: Person, bob: Person;
const cookies: Record<string, string> = {};
let toolId: string;

function form(fields: { toolId: string; script: unknown; values?: unknown }, files: { name: string; content: string }[]) {
  const body = new FormData();
  body.append("toolId", fields.toolId);
  body.append("script", JSON.stringify(fields.script));
  body.append("values", JSON.stringify(fields.values ?? {}));
  for (const file of files) body.append("files", new Blob([file.content]), file.name);
  return body;
}

async function post(body: FormData, headers: Record<string, string>) {
  const response = await fetch(`${server.url}/api/sandbox-runs`, { method: "POST", body, headers: { origin: server.url, ...headers } });
  return { status: response.status, json: (await response.json()) as { runId?: string; error?: { message: string; fieldErrors: Record<string, string> | null } } };
}

const inputFilesInStore = () => {
  const dir = path.join(store.root, "inputs");
  return fs.existsSync(dir) ? fs.readdirSync(dir).flatMap((batch) => fs.readdirSync(path.join(dir, batch))) : [];
};

beforeAll(async () => {
  store = new FilesystemArtifactStore(fs.mkdtempSync(path.join(os.tmpdir(), "testyta-http-")));
  server = await startWebServer({ databaseUrl: process.env.DATABASE_URL!, artifactsRoot: store.root });
  worker = await startWorker({ workerId: `testyta-http-${process.pid}`, databaseUrl: process.env.DATABASE_URL!, db: getDb(), store, concurrency: 1, staleSeconds: 30 });
  ({ alice, bob } = await people());
  cookies.alice = await logInOverHttp(server.url, alice.user.email, alice.password);
  cookies.bob = await logInOverHttp(server.url, bob.user.email, bob.password);
  toolId = (await newTool(alice.actor)).id;
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await server?.stop();
  if (store) fs.rmSync(store.root, { recursive: true, force: true });
});

describe("POST /api/sandbox-runs", () => {
  const editor = (inputSchema: unknown = FILE_SCHEMA) => ({ kind: "editor", sourceCode: SCRIPT, entrypoint: "run_tool", inputSchema, settingsSchema: [] });

  it("runs the editor's text on the uploaded files as a sandbox run", async () => {
    const response = await post(form({ toolId, script: editor() }, [{ name: "7a.csv", content: "namn\nÅsa\n" }, { name: "7b.csv", content: "namn\nBo\n" }]), { cookie: cookies.alice! });
    expect(response.status).toBe(201);
    const deadline = Date.now() + 60_000;
    let run;
    do {
      [run] = await getDb().select().from(toolRuns).where(eq(toolRuns.id, response.json.runId!));
      if (run && !["queued", "running"].includes(run.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (Date.now() < deadline);
    expect(run).toMatchObject({ status: "succeeded", context: "sandbox", stdout: "filer: ['7a.csv', '7b.csv']\n" });
  });

  it("answers 404 to a contributor who does not maintain the tool, 401 anonymously, 403 cross-site — and keeps none of the files", async () => {
    const before = inputFilesInStore().length;
    const files = [{ name: "7a.csv", content: "namn\nÅsa\n" }];
    expect((await post(form({ toolId, script: editor() }, files), { cookie: cookies.bob! })).status).toBe(404);
    expect((await post(form({ toolId, script: editor() }, files), {})).status).toBe(401);
    expect((await post(form({ toolId, script: editor() }, files), { cookie: cookies.alice!, origin: "https://evil.example" })).status).toBe(403);
    expect(inputFilesInStore().length).toBe(before);
  });

  it("refuses an invalid edited schema and a wrong file with 400 and the place of the problem", async () => {
    const before = inputFilesInStore().length;
    const schema = await post(form({ toolId, script: editor([{ kind: "file", name: "filer", label: "Filer", max: 0 }]) }, [{ name: "a.csv", content: "x" }]), { cookie: cookies.alice! });
    expect(schema.status).toBe(400);
    expect(schema.json.error?.fieldErrors?.inputSchema).toMatch(/^input_schema\[0\]\.max: /);
    const wrongType = await post(form({ toolId, script: editor() }, [{ name: "bild.png", content: "x" }]), { cookie: cookies.alice! });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error?.message).toMatch(/fel filtyp/);
    expect(inputFilesInStore().length).toBe(before);
  });
});
