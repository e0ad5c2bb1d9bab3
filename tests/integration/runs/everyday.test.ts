/**
 * The server rules of issue 10's personal layer, through the services against real Postgres
 * and a real filesystem store: Sparade filer are the owner's alone and Glöm filerna removes
 * the bytes; follow-up actions get the run's uploaded files; a suggestion's decision is an
 * admin's; the instructions reopen when their text changes.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../../src/env";
import { FilesystemArtifactStore } from "../../../src/server/artifacts/filesystem-artifact-store";
import { getDb } from "../../../src/server/db/client";
import { auditEvents, toolMaintainers, toolRuns, toolSessions, toolSuggestions, toolVersions, tools } from "../../../src/server/db/schema";
import { dequeueRun } from "../../../src/server/execution/queue";
import { decideSuggestion } from "../../../src/server/services/decide-suggestion";
import { eraseUserData } from "../../../src/server/services/erase-user-data";
import { CLI_ACTOR } from "../../../src/server/services/actor";
import { forgetSavedFiles } from "../../../src/server/services/forget-saved-files";
import { getToolPage } from "../../../src/server/services/get-tool-page";
import { listMySuggestions } from "../../../src/server/services/list-suggestions";
import { listMyTools } from "../../../src/server/services/list-my-tools";
import { markInstructionsSeen } from "../../../src/server/services/mark-instructions-seen";
import { pruneRuns } from "../../../src/server/services/prune-runs";
import { rerunRun } from "../../../src/server/services/rerun-run";
import { runWithSavedFiles } from "../../../src/server/services/run-with-saved-files";
import { ServiceError } from "../../../src/server/services/service-error";
import { startActionRun } from "../../../src/server/services/start-action-run";
import { suggestTool } from "../../../src/server/services/suggest-tool";
import { createPublishedTool, createTestUser } from "../../support/db";

const DAY_MS = 24 * 60 * 60 * 1000;
const FILE_INPUT = [{ kind: "file", name: "files", label: "Klasslista", accept: [".csv"], min: 1, max: 1 }];
let store: FilesystemArtifactStore;

beforeAll(() => {
  store = new FilesystemArtifactStore(fs.mkdtempSync(path.join(os.tmpdir(), "everyday-")));
});
afterAll(() => {
  if (store) fs.rmSync(store.root, { recursive: true, force: true });
});

/** An upload as the upload route stores it: one batch folder with the file, then a finished run listing it. */
async function finishedRunWithUpload(userId: string, tool: { id: string; versionId: string }, extra: Partial<typeof toolRuns.$inferInsert> = {}) {
  const batch = `inputs/${crypto.randomUUID()}`;
  const storeKey = `${batch}/0`;
  await store.put(storeKey, Readable.from([Buffer.from("namn\nAda\nBo\n")]), { maxBytes: 1000 });
  const [run] = await getDb()
    .insert(toolRuns)
    .values({
      toolId: tool.id,
      versionId: tool.versionId,
      context: "production",
      userId,
      status: "succeeded",
      finishedAt: new Date(),
      inputManifest: [{ name: "klass7b.csv", bytes: 12, storeKey }],
      ...extra,
    })
    .returning();
  return { run: run!, storeKey };
}

/** The queued run, taken out of the queue again (no worker here): only its row is looked at. */
async function queuedRow(runId: string) {
  await dequeueRun(getDb(), runId);
  const [row] = await getDb().update(toolRuns).set({ status: "cancelled", finishedAt: new Date() }).where(eq(toolRuns.id, runId)).returning();
  return row!;
}

async function refusedWith(promise: Promise<unknown>, code: ServiceError["code"]) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code).toBe(code);
}

describe("Sparade filer", () => {
  it("are the owner's alone: another user is offered nothing and cannot run with them", async () => {
    const [owner, teacher, other] = await Promise.all([createTestUser("contributor"), createTestUser("user"), createTestUser("user")]);
    const published = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return {}\n", { inputSchema: FILE_INPUT });
    const tool = { id: published.tool.id, versionId: published.version.id };
    const { run, storeKey } = await finishedRunWithUpload(teacher.user.id, tool);

    const mine = await getToolPage({ actor: teacher.actor, input: { slug: published.tool.slug }, store });
    // Kept RUN_RETENTION_DAYS from the upload (the file's time in the store).
    const keptUntil = new Date(fs.statSync(path.join(store.root, storeKey)).mtime.getTime() + env.RUN_RETENTION_DAYS * DAY_MS).toISOString();
    expect(mine.savedFiles).toEqual({ runId: run.id, files: [{ name: "klass7b.csv", bytes: 12 }], keptUntil });
    const theirs = await getToolPage({ actor: other.actor, input: { slug: published.tool.slug }, store });
    expect(theirs.savedFiles).toBeNull();

    await refusedWith(runWithSavedFiles({ actor: other.actor, input: { slug: published.tool.slug, values: {}, fromRunId: run.id }, store }), "CONFLICT");
    const otherRuns = await getDb().select().from(toolRuns).where(eq(toolRuns.userId, other.user.id));
    expect(otherRuns).toHaveLength(0);

    const { runId } = await runWithSavedFiles({ actor: teacher.actor, input: { slug: published.tool.slug, values: {}, fromRunId: run.id }, store });
    expect((await queuedRow(runId)).inputManifest).toEqual([{ name: "klass7b.csv", bytes: 12, storeKey }]);
  });

  it("Glöm filerna removes the bytes from the store once no run lists them, and the page offers nothing", async () => {
    const [owner, teacher] = await Promise.all([createTestUser("contributor"), createTestUser("user")]);
    const published = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return {}\n", { inputSchema: FILE_INPUT });
    const tool = { id: published.tool.id, versionId: published.version.id };
    const first = await finishedRunWithUpload(teacher.user.id, tool);
    // A rerun shares the upload batch: both runs let go before the batch goes.
    await getDb().insert(toolRuns).values({ toolId: tool.id, versionId: tool.versionId, context: "production", userId: teacher.user.id, status: "succeeded", finishedAt: new Date(), inputManifest: first.run.inputManifest });
    expect(await store.stat(first.storeKey)).not.toBeNull();

    await forgetSavedFiles({ actor: teacher.actor, input: { slug: published.tool.slug }, store });
    expect(await store.stat(first.storeKey)).toBeNull();
    expect(fs.existsSync(path.join(store.root, path.dirname(first.storeKey)))).toBe(false);
    expect((await getToolPage({ actor: teacher.actor, input: { slug: published.tool.slug }, store })).savedFiles).toBeNull();
    await refusedWith(runWithSavedFiles({ actor: teacher.actor, input: { slug: published.tool.slug, values: {}, fromRunId: first.run.id }, store }), "CONFLICT");
  });

  it("a purged run, or files older than RUN_RETENTION_DAYS, offer nothing", async () => {
    const [owner, teacher] = await Promise.all([createTestUser("contributor"), createTestUser("user")]);
    const published = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return {}\n", { inputSchema: FILE_INPUT });
    const tool = { id: published.tool.id, versionId: published.version.id };
    const { storeKey } = await finishedRunWithUpload(teacher.user.id, tool);
    const longAgo = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
    fs.utimesSync(path.join(store.root, storeKey), longAgo, longAgo);
    expect((await getToolPage({ actor: teacher.actor, input: { slug: published.tool.slug }, store })).savedFiles).toBeNull();

    await finishedRunWithUpload(teacher.user.id, tool, { purgedAt: new Date(), inputManifest: [] });
    expect((await getToolPage({ actor: teacher.actor, input: { slug: published.tool.slug }, store })).savedFiles).toBeNull();
  });
});

describe("An upload's retention", () => {
  it("counts from the upload, however often it is reused: the prune purges every run that used it, and Kör igen refuses it in Swedish", async () => {
    const [owner, teacher, colleague] = await Promise.all([createTestUser("contributor"), createTestUser("user"), createTestUser("user")]);
    const published = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return {}\n", { inputSchema: FILE_INPUT });
    const tool = { id: published.tool.id, versionId: published.version.id };
    const first = await finishedRunWithUpload(teacher.user.id, tool);
    // Reused (Sparade filer, Kör igen) a moment ago: a newer run listing the same upload, finished today.
    const [reused] = await getDb()
      .insert(toolRuns)
      .values({ toolId: tool.id, versionId: tool.versionId, context: "production", userId: teacher.user.id, status: "succeeded", finishedAt: new Date(), inputManifest: first.run.inputManifest })
      .returning();
    // Another teacher's newer upload of the same tool.
    const fresh = await finishedRunWithUpload(colleague.user.id, tool);
    // The upload itself was made a day more than the retention ago.
    const uploaded = new Date(Date.now() - (env.RUN_RETENTION_DAYS + 1) * DAY_MS);
    fs.utimesSync(path.join(store.root, first.storeKey), uploaded, uploaded);

    const refused = await rerunRun({ actor: teacher.actor, input: { runId: reused!.id }, store }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused).toMatchObject({ code: "CONFLICT", message: `Filerna från den körningen laddades upp för mer än ${env.RUN_RETENTION_DAYS} dagar sedan och sparas inte längre. Ladda upp filerna igen på verktygets sida.` });

    await pruneRuns({ actor: CLI_ACTOR, store });
    const rows = await getDb().select({ id: toolRuns.id, purgedAt: toolRuns.purgedAt, inputManifest: toolRuns.inputManifest }).from(toolRuns).where(eq(toolRuns.toolId, tool.id));
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const id of [first.run.id, reused!.id]) expect(byId.get(id)).toMatchObject({ purgedAt: expect.any(Date), inputManifest: [] });
    expect(await store.stat(first.storeKey)).toBeNull();
    expect(byId.get(fresh.run.id)!.purgedAt).toBeNull();
    expect(await store.stat(fresh.storeKey)).not.toBeNull();
  });

  it("ends the interactive state built from an expired upload, and refuses its follow-up steps in Swedish before that", async () => {
    const [owner, teacher, colleague] = await Promise.all([createTestUser("contributor"), createTestUser("user"), createTestUser("user")]);
    const published = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return {}\n", { inputSchema: FILE_INPUT });
    const tool = { id: published.tool.id, versionId: published.version.id };
    const nextActions = [{ action_id: "split", label: "Dela in", kind: "form", fields: [{ name: "size", label: "Storlek", kind: "integer" }] }];
    const uploaded = new Date(Date.now() - (env.RUN_RETENTION_DAYS + 1) * DAY_MS);
    // The teacher's latest step worked on an expired upload; the colleague's expired run was
    // followed by a newer one on a new upload, which wrote the state the colleague has now.
    const expired = await finishedRunWithUpload(teacher.user.id, tool, { uiPayload: { outputs: [], next_actions: nextActions } });
    fs.utimesSync(path.join(store.root, expired.storeKey), uploaded, uploaded);
    const colleaguesOld = await finishedRunWithUpload(colleague.user.id, tool, { finishedAt: new Date(Date.now() - 60_000) });
    fs.utimesSync(path.join(store.root, colleaguesOld.storeKey), uploaded, uploaded);
    await finishedRunWithUpload(colleague.user.id, tool);
    await getDb().insert(toolSessions).values([
      { toolId: tool.id, userId: teacher.user.id, context: "production", state: { elever: ["Ada", "Bo"] }, stateRevision: 3 },
      { toolId: tool.id, userId: colleague.user.id, context: "production", state: { elever: ["Cy"] }, stateRevision: 5 },
    ]);

    const refused = await startActionRun({ actor: teacher.actor, input: { slug: published.tool.slug, actionId: "split", values: { size: 3 }, stateRevision: 3 }, store }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused).toMatchObject({ code: "CONFLICT", message: `Filerna som verktyget arbetar med laddades upp för mer än ${env.RUN_RETENTION_DAYS} dagar sedan och sparas inte längre. Börja om: välj filerna igen och tryck KÖR.` });

    await pruneRuns({ actor: CLI_ACTOR, store });
    const sessionOf = async (userId: string) => (await getDb().select().from(toolSessions).where(and(eq(toolSessions.toolId, tool.id), eq(toolSessions.userId, userId))))[0]!;
    // Emptied, and a form still on screen (revision 3) is stale.
    expect(await sessionOf(teacher.user.id)).toMatchObject({ state: {}, stateRevision: 4 });
    expect(await sessionOf(colleague.user.id)).toMatchObject({ state: { elever: ["Cy"] }, stateRevision: 5 });
  });
});

describe("Follow-up actions", () => {
  it("receive the run's uploaded files again", async () => {
    const [owner, teacher] = await Promise.all([createTestUser("contributor"), createTestUser("user")]);
    const published = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return {}\n", { inputSchema: FILE_INPUT });
    const tool = { id: published.tool.id, versionId: published.version.id };
    const nextActions = [{ action_id: "split", label: "Dela in", kind: "form", fields: [{ name: "size", label: "Storlek", kind: "integer" }] }];
    const { run } = await finishedRunWithUpload(teacher.user.id, tool, { uiPayload: { outputs: [], next_actions: nextActions } });
    await getDb().insert(toolSessions).values({ toolId: tool.id, userId: teacher.user.id, context: "production", state: { step: 1 }, stateRevision: 1 });

    const { runId } = await startActionRun({ actor: teacher.actor, input: { slug: published.tool.slug, actionId: "split", values: { size: 3 }, stateRevision: 1 }, store });
    const followUp = await queuedRow(runId);
    expect(followUp.inputManifest).toEqual(run.inputManifest);
    expect(followUp.action).toMatchObject({ actionId: "split", fromRunId: run.id });
  });
});

describe("Föreslå verktyg", () => {
  it("the decision is an admin's: others are refused and nothing changes; accepting makes a draft the chosen contributor maintains", async () => {
    const [teacher, contributor, admin] = await Promise.all([createTestUser("user"), createTestUser("contributor"), createTestUser("admin")]);
    const { id } = await suggestTool({ actor: teacher.actor, input: { title: "Närvarosammanställning", description: "Räknar frånvaro per elev ur en export.", professions: ["larare"], categories: ["administration"] } });
    const accept = { decision: "accept" as const, suggestionId: id, title: "Närvaro per elev", professions: ["larare", "rektor"], categories: ["administration"], maintainerId: contributor.user.id, note: "Bra idé!" };

    for (const actor of [teacher.actor, contributor.actor]) await refusedWith(decideSuggestion({ actor, input: accept }), "FORBIDDEN");
    await refusedWith(decideSuggestion({ actor: contributor.actor, input: { decision: "decline", suggestionId: id, note: "Nej." } }), "FORBIDDEN");
    const [untouched] = await getDb().select().from(toolSuggestions).where(eq(toolSuggestions.id, id));
    expect(untouched).toMatchObject({ status: "pending", toolId: null, decidedBy: null });
    expect(await getDb().select().from(tools).where(eq(tools.title, "Närvaro per elev"))).toHaveLength(0);

    // A teacher cannot be chosen to maintain it.
    await refusedWith(decideSuggestion({ actor: admin.actor, input: { ...accept, maintainerId: teacher.user.id } }), "VALIDATION");

    const decided = await decideSuggestion({ actor: admin.actor, input: accept });
    expect(decided.status).toBe("accepted");
    const toolId = decided.tool!.id;
    const [tool] = await getDb().select().from(tools).where(eq(tools.id, toolId));
    expect(tool).toMatchObject({ title: "Närvaro per elev", ownerId: contributor.user.id, isPublished: false });
    expect((await getDb().select().from(toolMaintainers).where(eq(toolMaintainers.toolId, toolId))).map((m) => m.userId)).toEqual([contributor.user.id]);
    expect((await getDb().select().from(toolVersions).where(eq(toolVersions.toolId, toolId)))[0]).toMatchObject({ state: "draft" });
    const listed = await listMyTools({ actor: contributor.actor });
    expect(listed.tools.map((t: { id: string }) => t.id)).toContain(toolId);

    const [mine] = await listMySuggestions({ actor: teacher.actor });
    expect(mine).toMatchObject({ status: "accepted", decisionNote: "Bra idé!", toolTitle: "Närvaro per elev" });
    const audit = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, id));
    expect(audit.map((e) => e.action).sort()).toEqual(["suggestion.accepted", "suggestion.created"]);

    // Decided once.
    await refusedWith(decideSuggestion({ actor: admin.actor, input: { decision: "decline", suggestionId: id, note: "Ändrat mig." } }), "CONFLICT");
  });

  it("declining needs a reason, and the suggester sees it", async () => {
    const [teacher, admin] = await Promise.all([createTestUser("user"), createTestUser("admin")]);
    const { id } = await suggestTool({ actor: teacher.actor, input: { title: "Schema", description: "Lägger schemat åt mig varje vecka." } });
    await refusedWith(decideSuggestion({ actor: admin.actor, input: { decision: "decline", suggestionId: id, note: " " } }), "VALIDATION");
    await decideSuggestion({ actor: admin.actor, input: { decision: "decline", suggestionId: id, note: "Schemat finns redan i Skola24." } });
    const [mine] = await listMySuggestions({ actor: teacher.actor });
    expect(mine).toMatchObject({ status: "declined", decisionNote: "Schemat finns redan i Skola24.", toolTitle: null });
    // Radera uppgifter takes what they wrote with it.
    await eraseUserData({ actor: admin.actor, input: { userId: teacher.user.id } });
    expect(await getDb().select().from(toolSuggestions).where(eq(toolSuggestions.suggestedBy, teacher.user.id))).toHaveLength(0);
  });
});

describe("Instructions", () => {
  it("are unseen until marked, and unseen again when the text changes", async () => {
    const [owner, teacher] = await Promise.all([createTestUser("contributor"), createTestUser("user")]);
    const published = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return {}\n", { usageInstructions: "Välj en fil." });
    const slug = published.tool.slug;
    const first = await getToolPage({ actor: teacher.actor, input: { slug }, store });
    expect(first.instructions.seen).toBe(false);
    await markInstructionsSeen({ actor: teacher.actor, input: { slug, instructionsHash: first.instructions.hash } });
    expect((await getToolPage({ actor: teacher.actor, input: { slug }, store })).instructions.seen).toBe(true);
    expect((await getToolPage({ actor: owner.actor, input: { slug }, store })).instructions.seen).toBe(false);
    await getDb().update(toolVersions).set({ usageInstructions: "Välj en fil. Nytt: välj också storlek." }).where(eq(toolVersions.id, published.version.id));
    expect((await getToolPage({ actor: teacher.actor, input: { slug }, store })).instructions.seen).toBe(false);
  });
});
