import "server-only";
import type { z } from "zod";
import { versionIdInput } from "@/lib/version-schemas";
import type { DbOrTx } from "../db/client";
import type { toolVersions, tools } from "../db/schema";
import type { Actor, UserActor } from "./actor";
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
  return withLockedVersion(versionId, (tx, tool, version) => publishReviewedVersion(tx, { admin, tool, version }));
}

/**
 * The publishing step itself (the review recorded, the version activated, audited), inside a
 * transaction holding the tool's row lock — withLockedVersion's. The review page's
 * publish-and-show step runs it before writing the Katalog entry, in the same transaction.
 */
export async function publishReviewedVersion(
  tx: DbOrTx,
  { admin, tool, version }: { admin: UserActor; tool: typeof tools.$inferSelect; version: typeof toolVersions.$inferSelect },
) {
  requireInReview(version);
  return activateVersion(tx, { admin, toolId: tool.id, version, alsoSet: { reviewedBy: admin.userId, reviewedAt: new Date() }, action: "version.published" });
}
