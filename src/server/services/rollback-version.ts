import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { versionIdInput } from "@/lib/version-schemas";
import { getDb } from "../db/client";
import { toolVersions, tools } from "../db/schema";
import type { Actor } from "./actor";
import { loadToolForAdmin, loadVersion, requireAdmin } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { ServiceError } from "./service-error";

/**
 * Återställ (admin): an archived version that was once published becomes active again and the
 * current active one is archived, atomically (same rules as publishing).
 */
export async function rollbackVersion({ actor, input }: { actor: Actor | null; input: z.input<typeof versionIdInput> }) {
  const admin = requireAdmin(actor);
  const { versionId } = parseInput(versionIdInput, input);
  const db = getDb();
  const { toolId } = await loadVersion(db, versionId);
  return db.transaction(async (tx) => {
    const tool = await loadToolForAdmin(tx, toolId, { lock: true });
    const version = await loadVersion(tx, versionId);
    if (version.state !== "archived") {
      throw new ServiceError("CONFLICT", `Bara arkiverade versioner kan återställas; version ${version.versionNumber} är inte arkiverad.`);
    }
    if (version.publishedAt === null) {
      throw new ServiceError("CONFLICT", `Version ${version.versionNumber} har aldrig varit publicerad och kan inte återställas.`);
    }
    const [previous] = await tx
      .update(toolVersions)
      .set({ state: "archived" })
      .where(and(eq(toolVersions.toolId, tool.id), eq(toolVersions.state, "active")))
      .returning({ id: toolVersions.id, versionNumber: toolVersions.versionNumber });
    const now = new Date();
    await tx.update(toolVersions).set({ state: "active", publishedBy: admin.userId, publishedAt: now }).where(eq(toolVersions.id, version.id));
    await tx.update(tools).set({ activeVersionId: version.id, updatedAt: now }).where(eq(tools.id, tool.id));
    await recordAuditEvent(tx, {
      actor: admin,
      action: "version.rolled_back",
      targetType: "tool_version",
      targetId: version.id,
      before: { toolId: tool.id, activeVersionId: previous?.id ?? null, activeVersionNumber: previous?.versionNumber ?? null },
      after: { toolId: tool.id, activeVersionId: version.id, activeVersionNumber: version.versionNumber },
    });
    return { versionId: version.id, versionNumber: version.versionNumber, archivedVersionNumber: previous?.versionNumber ?? null };
  });
}
