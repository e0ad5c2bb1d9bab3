import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { z } from "zod";
import { hasPlaceholderInstructions, PLACEHOLDER_INSTRUCTIONS_MESSAGE, submitVersionInput } from "@/lib/version-schemas";
import { getDb } from "../db/client";
import { toolVersions } from "../db/schema";
import type { Actor } from "./actor";
import { headVersion, loadMaintainedTool, loadMaintainedVersion, loadVersion, requireContributor } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { ServiceError } from "./service-error";

/**
 * Skicka för granskning: the newest version, still a draft, goes to the admins with a change
 * summary, once its instructions are more than the template's placeholder. One version waits for review at a time: a second submission while one waits is
 * refused (the admin answers the first; the author keeps saving drafts meanwhile).
 */
export async function submitVersion({ actor, input }: { actor: Actor | null; input: z.input<typeof submitVersionInput> }) {
  const who = requireContributor(actor);
  const { versionId, changeSummary } = parseInput(submitVersionInput, input);
  const db = getDb();
  const found = await loadMaintainedVersion(db, who, versionId);

  return db.transaction(async (tx) => {
    const tool = await loadMaintainedTool(tx, who, found.toolId, { lock: true });
    const version = await loadVersion(tx, versionId);
    if (version.state !== "draft") throw new ServiceError("CONFLICT", `Version ${version.versionNumber} är inte ett utkast och kan inte skickas för granskning.`);
    // A teacher reads these before KÖR: the template's example text is not instructions.
    if (hasPlaceholderInstructions(version.usageInstructions)) throw new ServiceError("VALIDATION", PLACEHOLDER_INSTRUCTIONS_MESSAGE);
    const head = await headVersion(tx, tool.id);
    if (head && head.id !== version.id) {
      throw new ServiceError("CONFLICT", `Det finns en nyare version (version ${head.versionNumber}). Skicka in den senaste versionen i stället.`);
    }
    const [waiting] = await tx
      .select({ versionNumber: toolVersions.versionNumber })
      .from(toolVersions)
      .where(and(eq(toolVersions.toolId, tool.id), eq(toolVersions.state, "in_review"), ne(toolVersions.id, version.id)));
    if (waiting) {
      throw new ServiceError("CONFLICT", `Version ${waiting.versionNumber} väntar redan på granskning. Vänta tills en administratör har svarat på den.`);
    }
    const now = new Date();
    await tx
      .update(toolVersions)
      .set({ state: "in_review", changeSummary, submittedBy: who.userId, submittedAt: now })
      .where(and(eq(toolVersions.id, version.id), eq(toolVersions.state, "draft")));
    await recordAuditEvent(tx, {
      actor: who,
      action: "version.submitted",
      targetType: "tool_version",
      targetId: version.id,
      before: { state: "draft" },
      after: { state: "in_review", toolId: tool.id, versionNumber: version.versionNumber, changeSummary },
    });
    return { versionId: version.id, versionNumber: version.versionNumber, state: "in_review" as const };
  });
}
