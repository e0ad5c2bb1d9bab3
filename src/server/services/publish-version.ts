import "server-only";
import type { z } from "zod";
import { versionIdInput } from "@/lib/version-schemas";
import type { Actor } from "./actor";
import { activateVersion } from "./activate-version";
import { requireAdmin, requireInReview, withLockedVersion } from "./maintained-tool";
import { parseInput } from "./parse-input";

/**
 * Publicera (admin): the reviewed version becomes the active one and the previous active
 * version is archived — in one transaction, under the tool's row lock, so no reader ever sees
 * two active versions or none (the unique partial index tool_versions_one_active backs this).
 */
export async function publishVersion({ actor, input }: { actor: Actor | null; input: z.input<typeof versionIdInput> }) {
  const admin = requireAdmin(actor);
  const { versionId } = parseInput(versionIdInput, input);
  return withLockedVersion(versionId, async (tx, tool, version) => {
    requireInReview(version);
    return activateVersion(tx, { admin, toolId: tool.id, version, alsoSet: { reviewedBy: admin.userId, reviewedAt: new Date() }, action: "version.published" });
  });
}
