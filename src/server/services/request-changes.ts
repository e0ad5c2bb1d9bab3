import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { requestChangesInput } from "@/lib/version-schemas";
import { toolVersions, tools } from "../db/schema";
import type { Actor } from "./actor";
import { headVersion, requireAdmin, requireInReview, withLockedVersion } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";

/**
 * Begär ändringar (admin): the reviewed version is archived with the admin's note (it was
 * never published, so it cannot be rolled back to), and the author gets a new draft copied
 * from it to continue on — unless they have already saved newer drafts, which stay the head.
 * The note is shown in the Testyta until the next submission.
 */
export async function requestChanges({ actor, input }: { actor: Actor | null; input: z.input<typeof requestChangesInput> }) {
  const admin = requireAdmin(actor);
  const { versionId, note } = parseInput(requestChangesInput, input);
  return withLockedVersion(versionId, async (tx, tool, version) => {
    requireInReview(version);
    const head = await headVersion(tx, tool.id);
    const now = new Date();
    await tx.update(toolVersions).set({ state: "archived", reviewedBy: admin.userId, reviewedAt: now, reviewNote: note }).where(eq(toolVersions.id, version.id));
    let draft: { id: string; versionNumber: number } | null = null;
    if (head?.id === version.id) {
      const [copy] = await tx
        .insert(toolVersions)
        .values({
          toolId: tool.id,
          versionNumber: version.versionNumber + 1,
          state: "draft",
          sourceCode: version.sourceCode,
          entrypoint: version.entrypoint,
          inputSchema: version.inputSchema,
          settingsSchema: version.settingsSchema,
          usageInstructions: version.usageInstructions,
          contentHash: version.contentHash,
          parentVersionId: version.id,
          // The draft is the author's to continue on.
          createdBy: version.createdBy,
        })
        .returning({ id: toolVersions.id, versionNumber: toolVersions.versionNumber });
      draft = copy!;
    }
    await tx.update(tools).set({ updatedAt: now }).where(eq(tools.id, tool.id));
    await recordAuditEvent(tx, {
      actor: admin,
      action: "version.changes_requested",
      targetType: "tool_version",
      targetId: version.id,
      before: { state: "in_review" },
      after: { state: "archived", toolId: tool.id, versionNumber: version.versionNumber, note, newDraftVersionNumber: draft?.versionNumber ?? null },
    });
    return { versionId: version.id, draftVersionId: draft?.id ?? null, draftVersionNumber: draft?.versionNumber ?? null };
  });
}
