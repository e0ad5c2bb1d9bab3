/** Shared pieces of the tool lifecycle tests: people, a tool made through the service, saves. */
import { and, eq } from "drizzle-orm";
import { expect } from "vitest";
import { getDb } from "@/server/db/client";
import { auditEvents, toolVersions } from "@/server/db/schema";
import type { Actor } from "@/server/services/actor";
import { createTool } from "@/server/services/create-tool";
import { getTestArea } from "@/server/services/get-test-area";
import { contentOf, versionContentHash } from "@/server/services/maintained-tool";
import { saveDraft } from "@/server/services/save-draft";
import { ServiceError } from "@/server/services/service-error";
import { createTestUser } from "../../support/db";

export type Person = Awaited<ReturnType<typeof createTestUser>>;

export async function people(): Promise<Record<"alice" | "bob" | "admin" | "user", Person>> {
  const [alice, bob, admin, user] = await Promise.all([
    createTestUser("contributor"),
    createTestUser("contributor"),
    createTestUser("admin"),
    createTestUser("user"),
  ]);
  return { alice, bob, admin, user };
}

/** Instructions that are not the template's placeholder (which submitVersion refuses). */
export const REAL_INSTRUCTIONS = "Välj klasslistan och tryck KÖR.";

/**
 * A new tool, as Nytt verktyg makes it — except that its first version's instructions are
 * real ones, so tests about other rules can submit it (`keepTemplate` leaves the placeholder).
 * A test fixture's shortcut: the product never edits a version row's content.
 */
export async function newTool(actor: Actor, title = `Verktyg ${Math.random().toString(36).slice(2, 8)}`, options: { keepTemplate?: boolean } = {}) {
  const tool = await createTool({ actor, input: { title, summary: "Ett verktyg för tester." } });
  if (!options.keepTemplate) {
    const row = await versionRow(tool.versionId);
    const content = { ...contentOf(row), usageInstructions: REAL_INSTRUCTIONS };
    await getDb().update(toolVersions).set({ usageInstructions: REAL_INSTRUCTIONS, contentHash: versionContentHash(content) }).where(eq(toolVersions.id, tool.versionId));
  }
  return tool;
}

export const SCRIPT = (message: string) => `def run_tool(input_dir, output_dir):\n    return {"outputs": [{"kind": "notice", "level": "info", "message": ${JSON.stringify(message)}}]}\n`;

/** Saves `source` on top of the current head (as an editor that just loaded the page would). */
export async function saveOnHead(actor: Actor, toolId: string, source: string, extra: { inputSchema?: unknown; settingsSchema?: unknown } = {}) {
  const area = await getTestArea({ actor, input: { toolId } });
  return saveDraft({
    actor,
    input: {
      toolId,
      parentVersionId: area.head.id,
      sourceCode: source,
      entrypoint: "run_tool",
      inputSchema: extra.inputSchema ?? [],
      settingsSchema: extra.settingsSchema ?? [],
      usageInstructions: "Tryck KÖR.",
    },
  });
}

export async function versionRow(versionId: string) {
  const [row] = await getDb().select().from(toolVersions).where(eq(toolVersions.id, versionId));
  return row!;
}

export async function versionsOf(toolId: string) {
  return getDb().select().from(toolVersions).where(eq(toolVersions.toolId, toolId)).orderBy(toolVersions.versionNumber);
}

export async function auditFor(action: string, targetId: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));
}

/** The promise rejects with a ServiceError of this code (and the message matches, when given). */
export async function refused(promise: Promise<unknown>, code: ServiceError["code"], message?: RegExp) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code, (error as ServiceError).message).toBe(code);
  if (message) expect((error as ServiceError).message).toMatch(message);
  return error as ServiceError;
}
