import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { toolVersions, tools } from "../db/schema";
import type { UserActor } from "./actor";
import { recordAuditEvent } from "./record-audit-event";

/**
 * Makes `version` the tool's active version and archives the one that was active — the step
 * publishing and rolling back share. Call inside a transaction holding the tool's row lock, so
 * no reader ever sees two active versions or none (the unique partial index
 * tool_versions_one_active backs this up).
 */
export async function activateVersion(
  tx: DbOrTx,
  options: {
    admin: UserActor;
    toolId: string;
    version: { id: string; versionNumber: number };
    action: "version.published" | "version.rolled_back";
    /** Extra lifecycle columns set on the version (publishing also records the review). */
    alsoSet?: Partial<typeof toolVersions.$inferInsert>;
  },
) {
  const { admin, toolId, version } = options;
  const [previous] = await tx
    .update(toolVersions)
    .set({ state: "archived" })
    .where(and(eq(toolVersions.toolId, toolId), eq(toolVersions.state, "active")))
    .returning({ id: toolVersions.id, versionNumber: toolVersions.versionNumber });
  const now = new Date();
  await tx
    .update(toolVersions)
    .set({ ...options.alsoSet, state: "active", publishedBy: admin.userId, publishedAt: now })
    .where(eq(toolVersions.id, version.id));
  await tx.update(tools).set({ activeVersionId: version.id, updatedAt: now }).where(eq(tools.id, toolId));
  await recordAuditEvent(tx, {
    actor: admin,
    action: options.action,
    targetType: "tool_version",
    targetId: version.id,
    before: { toolId, activeVersionId: previous?.id ?? null, activeVersionNumber: previous?.versionNumber ?? null },
    after: { toolId, activeVersionId: version.id, activeVersionNumber: version.versionNumber },
  });
  return { versionId: version.id, versionNumber: version.versionNumber, archivedVersionNumber: previous?.versionNumber ?? null };
}
