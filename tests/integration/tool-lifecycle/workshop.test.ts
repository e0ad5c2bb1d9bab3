/**
 * The contributor's workshop (issue 11), with real Postgres, an in-process worker and real Docker:
 * an interactive tool's follow-up steps under TESTKÖR (same script, sandbox state and revision,
 * a stale revision refused before anything runs), TESTKÖR settings kept per tool and
 * contributor, the review page's evidence matched by content hash, and the template's
 * placeholder instructions refused on submission.
 */
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { STARTER_INSTRUCTIONS } from "@/lib/version-schemas";
import { getDb } from "@/server/db/client";
import { toolRuns, toolSessions } from "@/server/db/schema";
import { addMaintainer } from "@/server/services/add-maintainer";
import { getReview } from "@/server/services/get-review";
import { getRun } from "@/server/services/get-run";
import { getTestArea } from "@/server/services/get-test-area";
import { saveDraft } from "@/server/services/save-draft";
import { startSandboxActionRun } from "@/server/services/start-sandbox-action-run";
import { startSandboxRun } from "@/server/services/start-sandbox-run";
import { submitVersion } from "@/server/services/submit-version";
import { newTool, people, refused, REAL_INSTRUCTIONS, saveOnHead, SCRIPT, type Person } from "./support";
import { waitForRunToEnd } from "../../support/runs";
import { workerPerFile } from "../../support/worker-per-file";

const COUNTER = `from skriptoteket_toolkit import get_action_parts, read_settings


def run_tool(input_dir, output_dir):
    action, data, state = get_action_parts()
    total = state.get("total", 0)
    if action == "add":
        total += int(data["amount"])
    return {
        "outputs": [{"kind": "notice", "level": "info", "message": f"Summa: {total} ({read_settings().get('enhet', '')})"}],
        "next_actions": [{"action_id": "add", "label": "Lägg till", "kind": "form", "fields": [{"kind": "integer", "name": "amount", "label": "Antal"}], "prefill": {"amount": 1}}],
        "state": {"total": total},
    }
`;
const SETTINGS_SCHEMA = [{ kind: "string", name: "enhet", label: "Enhet" }];
/** Reads its uploaded file on every step, the first and each follow-up. */
const FILE_COUNTER = `from skriptoteket_toolkit import list_input_files


def run_tool(input_dir, output_dir):
    files = list_input_files()
    text = ", ".join(f"{f['name']}: {len(open(f['path'], encoding='utf-8').read().splitlines())} rader" for f in files) or "inga filer"
    return {
        "outputs": [{"kind": "notice", "level": "info", "message": text}],
        "next_actions": [{"action_id": "again", "label": "Igen", "kind": "form", "fields": []}],
        "state": {"seen": len(files)},
    }
`;

let alice: Person, bob: Person, admin: Person;
const worker = workerPerFile("workshop");

const message = (run: { uiPayload: unknown }) => (run.uiPayload as { outputs: { message?: string }[] }).outputs[0]?.message;
const sandboxRunsOf = async (toolId: string) => getDb().select({ id: toolRuns.id }).from(toolRuns).where(and(eq(toolRuns.toolId, toolId), eq(toolRuns.context, "sandbox")));
const editor = (sourceCode: string, usageInstructions = REAL_INSTRUCTIONS) => ({ kind: "editor" as const, sourceCode, entrypoint: "run_tool", inputSchema: [], settingsSchema: SETTINGS_SCHEMA, usageInstructions });

beforeAll(async () => {
  ({ alice, bob, admin } = await people());
});

describe("TESTKÖR of an interactive tool", () => {
  it("runs two follow-up steps against the working copy the first step ran, with its state, revision and settings", async () => {
    const tool = await newTool(alice.actor);
    const first = await waitForRunToEnd((await startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: editor(COUNTER), settings: { enhet: "st" }, files: [] } })).runId);
    expect(message(first)).toBe("Summa: 0 (st)");
    const firstView = await getRun({ actor: alice.actor, input: { runId: first.id } });
    expect(firstView.uiPayload?.next_actions.map((a) => a.action_id)).toEqual(["add"]);

    const second = await waitForRunToEnd(
      (await startSandboxActionRun({ actor: alice.actor, input: { toolId: tool.id, runId: first.id, actionId: "add", values: { amount: "2" }, stateRevision: firstView.stateRevision } })).runId,
    );
    expect(second).toMatchObject({ status: "succeeded", context: "sandbox", versionId: null, adHocSource: COUNTER, contentHash: first.contentHash, settingsUsed: { enhet: "st" } });
    expect(message(second)).toBe("Summa: 2 (st)");
    const secondView = await getRun({ actor: alice.actor, input: { runId: second.id } });
    expect(secondView.followUp).toEqual({ label: "Lägg till", fromRunId: first.id });
    // The first step's forms are stale now; the latest result's are the ones to continue from.
    expect((await getRun({ actor: alice.actor, input: { runId: first.id } })).newerResultRunId).toBe(second.id);

    const third = await waitForRunToEnd(
      (await startSandboxActionRun({ actor: alice.actor, input: { toolId: tool.id, runId: second.id, actionId: "add", values: { amount: 5 }, stateRevision: secondView.stateRevision } })).runId,
    );
    expect(message(third)).toBe("Summa: 7 (st)");
    // KÖR's session is untouched: the sandbox keeps its own state.
    const [production] = await getDb().select().from(toolSessions).where(and(eq(toolSessions.toolId, tool.id), eq(toolSessions.context, "production")));
    expect(production).toBeUndefined();
  });

  it("gives a follow-up step the files the first step was given, as KÖR's follow-ups get them", async () => {
    const tool = await newTool(alice.actor);
    const key = `inputs/${crypto.randomUUID()}/0`;
    const content = Buffer.from("namn\nAda\nBo\n");
    await worker.store.put(key, Readable.from([content]), { maxBytes: 1024 * 1024 });
    const files = [{ name: "7b.csv", bytes: content.length, storeKey: key }];
    const inputSchema = [{ kind: "file", name: "lista", label: "Klasslista", accept: [".csv"], min: 1, max: 1 }];
    const first = await waitForRunToEnd(
      (await startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: { ...editor(FILE_COUNTER), inputSchema }, settings: {}, files } })).runId,
    );
    expect(message(first)).toBe("7b.csv: 3 rader");
    const firstView = await getRun({ actor: alice.actor, input: { runId: first.id } });
    const second = await waitForRunToEnd(
      (await startSandboxActionRun({ actor: alice.actor, input: { toolId: tool.id, runId: first.id, actionId: "again", values: {}, stateRevision: firstView.stateRevision }, store: worker.store })).runId,
    );
    expect(second.inputManifest).toEqual(first.inputManifest);
    expect(message(second)).toBe("7b.csv: 3 rader");
  });

  it("refuses a follow-up against a stale revision, or from an older result, before anything runs", async () => {
    const tool = await newTool(alice.actor);
    const first = await waitForRunToEnd((await startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: editor(COUNTER), files: [] } })).runId);
    const { stateRevision } = await getRun({ actor: alice.actor, input: { runId: first.id } });
    const step = { toolId: tool.id, runId: first.id, actionId: "add", values: { amount: 1 } };
    // Two tabs submit the same state: one runs, the other is refused.
    const results = await Promise.allSettled([
      startSandboxActionRun({ actor: alice.actor, input: { ...step, stateRevision } }),
      startSandboxActionRun({ actor: alice.actor, input: { ...step, stateRevision } }),
    ]);
    const won = results.filter((r): r is PromiseFulfilledResult<{ runId: string }> => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    await refused(Promise.reject(lost[0]!.reason), "CONFLICT", /Testkörningen har gått vidare/);
    const next = await waitForRunToEnd(won[0]!.value.runId);
    const runsBefore = (await sandboxRunsOf(tool.id)).length;
    // The old revision again, and the first run's form after a newer result: refused, nothing queued.
    await refused(startSandboxActionRun({ actor: alice.actor, input: { ...step, stateRevision } }), "CONFLICT", /Inget kördes/);
    const current = (await getRun({ actor: alice.actor, input: { runId: next.id } })).stateRevision;
    await refused(startSandboxActionRun({ actor: alice.actor, input: { ...step, stateRevision: current } }), "CONFLICT");
    await refused(startSandboxActionRun({ actor: alice.actor, input: { ...step, runId: next.id, actionId: "nope", stateRevision: current } }), "CONFLICT");
    expect(await sandboxRunsOf(tool.id)).toHaveLength(runsBefore);
    // Someone who does not maintain the tool: it does not exist.
    await refused(startSandboxActionRun({ actor: bob.actor, input: { ...step, runId: next.id, stateRevision: current } }), "NOT_FOUND");
  });
});

describe("TESTKÖR settings", () => {
  it("are kept per tool and contributor: offered again to their author, never to another maintainer", async () => {
    const tool = await newTool(alice.actor);
    await addMaintainer({ actor: admin.actor, input: { toolId: tool.id, email: bob.user.email } });
    await waitForRunToEnd((await startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: editor(COUNTER), settings: { enhet: "elever" }, files: [] } })).runId);
    expect((await getTestArea({ actor: alice.actor, input: { toolId: tool.id } })).sandboxSettings).toEqual({ enhet: "elever" });
    expect((await getTestArea({ actor: bob.actor, input: { toolId: tool.id } })).sandboxSettings).toEqual({});
    // Bob's TESTKÖR without settings runs without Alice's.
    const bobs = await waitForRunToEnd((await startSandboxRun({ actor: bob.actor, input: { toolId: tool.id, script: editor(COUNTER), files: [] } })).runId);
    expect(message(bobs)).toBe("Summa: 0 ()");
    expect((await getTestArea({ actor: alice.actor, input: { toolId: tool.id } })).sandboxSettings).toEqual({ enhet: "elever" });
  });
});

describe("the review page's evidence", () => {
  it("is the latest TESTKÖR of exactly the version's content, by hash; a changed script shows none", async () => {
    const tool = await newTool(alice.actor);
    const saved = await saveOnHead(alice.actor, tool.id, SCRIPT("bevis"), { settingsSchema: SETTINGS_SCHEMA });
    // Run as editor text before saving and as the saved version: both are the same content.
    const ofEditor = await waitForRunToEnd(
      (await startSandboxRun({ actor: alice.actor, input: { toolId: tool.id, script: { ...editor(SCRIPT("bevis"), "Tryck KÖR.") }, files: [] } })).runId,
    );
    await submitVersion({ actor: alice.actor, input: { versionId: saved.versionId, changeSummary: "bevis" } });
    const review = await getReview({ actor: admin.actor, input: { versionId: saved.versionId } });
    expect(review.latestSandboxRun).toMatchObject({ runId: ofEditor.id, status: "succeeded", byName: alice.user.displayName, ofEditorText: true, isFollowUp: false });

    // The admin's own TESTKÖR of the version becomes the latest evidence.
    const adminRun = await waitForRunToEnd((await startSandboxRun({ actor: admin.actor, input: { toolId: tool.id, script: { kind: "version", versionId: saved.versionId }, files: [] } })).runId);
    expect((await getReview({ actor: admin.actor, input: { versionId: saved.versionId } })).latestSandboxRun).toMatchObject({ runId: adminRun.id, byName: admin.user.displayName, ofEditorText: false });

    // A run of other text (even of the instructions only) is no evidence for this version.
    const tool2 = await newTool(alice.actor);
    await waitForRunToEnd((await startSandboxRun({ actor: alice.actor, input: { toolId: tool2.id, script: editor(SCRIPT("före")), files: [] } })).runId);
    await waitForRunToEnd((await startSandboxRun({ actor: alice.actor, input: { toolId: tool2.id, script: editor(SCRIPT("efter"), "Andra instruktioner."), files: [] } })).runId);
    const changed = await saveDraft({
      actor: alice.actor,
      input: { toolId: tool2.id, parentVersionId: tool2.versionId, sourceCode: SCRIPT("efter"), entrypoint: "run_tool", inputSchema: [], settingsSchema: SETTINGS_SCHEMA, usageInstructions: REAL_INSTRUCTIONS },
    });
    await submitVersion({ actor: alice.actor, input: { versionId: changed.versionId, changeSummary: "ändrad" } });
    expect((await getReview({ actor: admin.actor, input: { versionId: changed.versionId } })).latestSandboxRun).toBeNull();
  });
});

describe("submitting for review", () => {
  it("refuses instructions that are still the template's placeholder, naming what to change", async () => {
    const tool = await newTool(alice.actor, undefined, { keepTemplate: true });
    await refused(submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: "ett" } }), "VALIDATION", /Instruktionerna är fortfarande mallens exempeltext.*fliken Instruktioner/);
    // Editing around the example text is not enough either.
    const edited = await saveDraft({
      actor: alice.actor,
      input: { toolId: tool.id, parentVersionId: tool.versionId, sourceCode: SCRIPT("ett"), entrypoint: "run_tool", inputSchema: [], settingsSchema: [], usageInstructions: `# Mitt verktyg\n\n${STARTER_INSTRUCTIONS}` },
    });
    await refused(submitVersion({ actor: alice.actor, input: { versionId: edited.versionId, changeSummary: "ett" } }), "VALIDATION", /mallens exempeltext/);
    const real = await saveOnHead(alice.actor, tool.id, SCRIPT("ett"));
    expect(await submitVersion({ actor: alice.actor, input: { versionId: real.versionId, changeSummary: "ett" } })).toMatchObject({ state: "in_review" });
  });
});
