/**
 * TESTKÖR with real Postgres, an in-process worker and real Docker with the runner image:
 * the editor's unsaved text, a saved draft and an archived version run as sandbox runs with the
 * author's files, values and settings; logs are kept for the author; nobody else sees the tool
 * or its runs; and sandbox runs never appear in Mina körningar.
 */
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { runArtifacts, toolRuns } from "@/server/db/schema";
import { addMaintainer } from "@/server/services/add-maintainer";
import { getRun } from "@/server/services/get-run";
import { listMyRuns } from "@/server/services/list-my-runs";
import { publishVersion } from "@/server/services/publish-version";
import { removeMaintainer } from "@/server/services/remove-maintainer";
import type { StoredInputFile } from "@/server/services/queue-run";
import { startSandboxRun } from "@/server/services/start-sandbox-run";
import { submitVersion } from "@/server/services/submit-version";
import { newTool, people, refused, saveOnHead, SCRIPT, type Person } from "./support";
import { waitForRunToEnd } from "../../support/runs";
import { workerPerFile } from "../../support/worker-per-file";

const CSV_SCRIPT = `import csv
import os
from skriptoteket_toolkit import list_input_files, read_inputs, read_settings


def run_tool(input_dir, output_dir):
    rows = []
    for file in list_input_files():
        with open(file["path"], encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    print(f"läste {len(rows)} rader")
    with open(os.path.join(output_dir, "elever.txt"), "w", encoding="utf-8") as out:
        out.write("\\n".join(row["namn"] for row in rows))
    return {"outputs": [
        {"kind": "table", "title": read_inputs().get("rubrik", "Elever"), "columns": [{"key": "namn", "label": "Namn"}, {"key": "klass", "label": "Klass"}], "rows": rows},
        {"kind": "json", "title": "Inställningar", "value": read_settings()},
    ]}
`;
const CSV_INPUT_SCHEMA = [
  { kind: "file", name: "lista", label: "Klasslista", accept: [".csv"], min: 1, max: 1 },
  { kind: "string", name: "rubrik", label: "Rubrik", required: true },
];
const SETTINGS_SCHEMA = [{ kind: "boolean", name: "sortera", label: "Sortera" }];

let alice: Person, bob: Person, admin: Person, user: Person;
const worker = workerPerFile("testyta");

async function stored(name: string, content: string): Promise<StoredInputFile> {
  const key = `inputs/${crypto.randomUUID()}/0`;
  const bytes = Buffer.from(content);
  await worker.store.put(key, Readable.from([bytes]), { maxBytes: 1024 * 1024 });
  return { name, bytes: bytes.length, storeKey: key };
}

const editor = (sourceCode: string, inputSchema: unknown = [], settingsSchema: unknown = []) => ({ kind: "editor" as const, sourceCode, entrypoint: "run_tool", inputSchema, settingsSchema });

beforeAll(async () => {
  ({ alice, bob, admin, user } = await people());
});

describe("TESTKÖR", () => {
  it("runs the editor's unsaved text with a file, form values and settings, and shows the author outputs, logs and artifacts", async () => {
    const tool = await newTool(alice.actor);
    const file = await stored("7b.csv", "namn,klass\nAda,7B\nBo,7B\n");
    const { runId } = await startSandboxRun({
      actor: alice.actor,
      input: { toolId: tool.id, script: editor(CSV_SCRIPT, CSV_INPUT_SCHEMA, SETTINGS_SCHEMA), values: { rubrik: "Klass 7B" }, settings: { sortera: true }, files: [file] },
    });
    const run = await waitForRunToEnd(runId);
    expect(run).toMatchObject({ status: "succeeded", context: "sandbox", versionId: null, adHocEntrypoint: "run_tool", userId: alice.user.id });
    expect(run.adHocSource).toBe(CSV_SCRIPT);

    const view = await getRun({ actor: alice.actor, input: { runId } });
    expect(view.uiPayload?.outputs[0]).toMatchObject({ kind: "table", title: "Klass 7B", rows: [{ namn: "Ada", klass: "7B" }, { namn: "Bo", klass: "7B" }] });
    expect(view.uiPayload?.outputs[1]).toMatchObject({ kind: "json", value: { sortera: true } });
    expect(view.logs).toMatchObject({ stdout: "läste 2 rader\n", stdoutTruncated: false, stderrTruncated: false, exitCode: 0 });
    expect(view.artifacts.map((a) => a.path)).toEqual(["output/elever.txt"]);
    expect(view.startedAt).not.toBeNull();
    expect(view.finishedAt).not.toBeNull();
  });

  it("runs the saved draft and an archived version", async () => {
    const tool = await newTool(alice.actor);
    // The starter script runs as created (no files needed).
    const starter = await waitForRunToEnd((await startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: { kind: "version", versionId: tool.versionId }, files: [] } })).runId);
    expect(starter.status).toBe("succeeded");
    expect((starter.uiPayload as { outputs: { kind: string; message?: string }[] }).outputs[0]).toMatchObject({ kind: "notice", message: expect.stringContaining("Verktyget fungerar") });

    await submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: "ett" } });
    await publishVersion({ actor: admin.actor, input: { versionId: tool.versionId } });
    const v2 = await saveOnHead(alice.actor, tool.id, SCRIPT("version två"));
    await submitVersion({ actor: alice.actor, input: { versionId: v2.versionId, changeSummary: "två" } });
    await publishVersion({ actor: admin.actor, input: { versionId: v2.versionId } });
    // Version 1 is archived now; it can still be test-run.
    const archived = await waitForRunToEnd((await startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: { kind: "version", versionId: tool.versionId }, files: [] } })).runId);
    expect(archived).toMatchObject({ status: "succeeded", versionId: tool.versionId });
    const draft = await saveOnHead(alice.actor, tool.id, SCRIPT("version tre"));
    const third = await waitForRunToEnd((await startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: { kind: "version", versionId: draft.versionId }, files: [] } })).runId);
    expect((third.uiPayload as { outputs: { message?: string }[] }).outputs[0]?.message).toBe("version tre");
  });

  it("shows a syntax error with its line and a caret", async () => {
    const tool = await newTool(alice.actor);
    const broken = "def run_tool(input_dir, output_dir):\n    rows = [1, 2\n    return 'hej'\n";
    const run = await waitForRunToEnd((await startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: editor(broken), files: [] } })).runId);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/^SyntaxError: .*\(line 2, column \d+\)/);
    expect(run.errorSummary).toMatch(/\n\s+rows = \[1, 2\n\s*\^/);
  });

  it("checks values, files and the edited schemas before anything is queued", async () => {
    const tool = await newTool(alice.actor);
    const before = (await getDb().select().from(toolRuns).where(eq(toolRuns.toolId, tool.id))).length;
    const missing = await refused(startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: editor(CSV_SCRIPT, CSV_INPUT_SCHEMA), values: {}, files: [await stored("a.csv", "namn\nA\n")] } }), "VALIDATION");
    expect(missing.fieldErrors).toEqual({ "values.rubrik": "Rubrik: fyll i det här fältet." });
    await refused(startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: editor(CSV_SCRIPT, CSV_INPUT_SCHEMA), values: { rubrik: "x" }, files: [] } }), "VALIDATION", /Välj en fil/);
    await refused(startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: editor(SCRIPT("x")), files: [await stored("a.csv", "x")] } }), "VALIDATION", /tar inte emot filer/);
    const badSchema = await refused(startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: editor(SCRIPT("x"), [{ kind: "radio", name: "x", label: "X" }]), files: [] } }), "VALIDATION");
    expect(badSchema.fieldErrors?.inputSchema).toMatch(/^input_schema\[0\]\.kind: /);
    await refused(startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: editor(SCRIPT("x"), [], SETTINGS_SCHEMA), settings: { sortera: "kanske" }, files: [] } }), "VALIDATION", /Sortera/);
    const other = await newTool(alice.actor);
    await refused(startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: { kind: "version", versionId: other.versionId }, files: [] } }), "NOT_FOUND");
    expect((await getDb().select().from(toolRuns).where(eq(toolRuns.toolId, tool.id))).length).toBe(before);
  });

  it("is not there for a contributor who does not maintain the tool, nor for a plain user", async () => {
    const tool = await newTool(alice.actor);
    await refused(startSandboxRun({ actor: bob.actor, input: { toolId: tool.id, script: editor(SCRIPT("bob")), files: [] } }), "NOT_FOUND");
    await refused(startSandboxRun({ actor: bob.actor, input: { toolId: tool.id, script: { kind: "version", versionId: tool.versionId }, files: [] } }), "NOT_FOUND");
    await refused(startSandboxRun({ actor: user.actor, input: { toolId: tool.id, script: editor(SCRIPT("user")), files: [] } }), "FORBIDDEN");
    await refused(startSandboxRun({ actor: null, input: { toolId: tool.id, script: editor(SCRIPT("anon")), files: [] } }), "UNAUTHORIZED");
    // Admins may TESTKÖR any tool.
    expect((await waitForRunToEnd((await startSandboxRun({ actor: admin.actor, input: { toolId: tool.id, script: editor(SCRIPT("admin")), files: [] } })).runId)).status).toBe("succeeded");
  });

  it("keeps sandbox runs out of Mina körningar and away from everyone but the author (while a maintainer) and admins", async () => {
    const tool = await newTool(alice.actor);
    await addMaintainer({ actor: admin.actor, input: { toolId: tool.id, email: bob.user.email } });
    const { runId } = await startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: editor(CSV_SCRIPT, CSV_INPUT_SCHEMA), values: { rubrik: "x" }, files: [await stored("b.csv", "namn,klass\nCy,8A\n")] } });
    await waitForRunToEnd(runId);
    expect((await listMyRuns({ actor: alice.actor, input: { page: 1 } })).runs.map((r) => r.id)).not.toContain(runId);
    expect((await getRun({ actor: alice.actor, input: { runId } })).logs?.stdout).toBe("läste 1 rader\n");
    // Another maintainer, a plain user: not found. An admin: sees it with the logs.
    await refused(getRun({ actor: bob.actor, input: { runId } }), "NOT_FOUND");
    await refused(getRun({ actor: user.actor, input: { runId } }), "NOT_FOUND");
    expect((await getRun({ actor: admin.actor, input: { runId } })).logs?.stdout).toBe("läste 1 rader\n");
    const [artifact] = await getDb().select().from(runArtifacts).where(eq(runArtifacts.runId, runId));
    expect(artifact?.path).toBe("output/elever.txt");
    // The author stops maintaining the tool: their TESTKÖR results go with it.
    await removeMaintainer({ actor: admin.actor, input: { toolId: tool.id, userId: alice.user.id } });
    await refused(getRun({ actor: alice.actor, input: { runId } }), "NOT_FOUND");
  });
});
