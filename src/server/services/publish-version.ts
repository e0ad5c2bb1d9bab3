import "server-only";
import type { z } from "zod";
import { versionIdInput } from "@/lib/version-schemas";
import { getDb } from "../db/client";
import type { Actor } from "./actor";
import { activateVersion } from "./activate-version";
import { loadToolForAdmin, loadVersion, requireAdmin } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { ServiceError } from "./service-error";

/**
 * Publicera (admin): the reviewed version becomes the active one and the previous active
 * version is archived — in one transaction, under the tool's row lock, so no reader ever sees
 * two active versions or none (the unique partial index tool_versions_one_active backs this).
 */
export async function publishVersion({ actor, input }: { actor: Actor | null; input: z.input<typeof versionIdInput> }) {
  const admin = requireAdmin(actor);
  const { versionId } = parseInput(versionIdInput, input);
  const db = getDb();
  const { toolId } = await loadVersion(db, versionId);
  return db.transaction(async (tx) => {
    const tool = await loadToolForAdmin(tx, toolId, { lock: true });
    const version = await loadVersion(tx, versionId);
    if (version.state !== "in_review") {
      throw new ServiceError("CONFLICT", `Version ${version.versionNumber} väntar inte på granskning (någon kan redan ha svarat på den).`);
    }
    return activateVersion(tx, { admin, toolId: tool.id, version, alsoSet: { reviewedBy: admin.userId, reviewedAt: new Date() }, action: "version.published" });
  });
}
