import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { versionIdInput } from "@/lib/version-schemas";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import type { Actor } from "./actor";
import { contentOf, loadMaintainedVersion, requireContributor } from "./maintained-tool";
import { parseInput } from "./parse-input";

/**
 * One version's full content (script, schemas, instructions), for comparing versions and for
 * the review. Maintainers of the tool and admins; for anyone else the version does not exist.
 */
export async function getVersion({ actor, input }: { actor: Actor | null; input: z.input<typeof versionIdInput> }) {
  const who = requireContributor(actor);
  const { versionId } = parseInput(versionIdInput, input);
  const db = getDb();
  const version = await loadMaintainedVersion(db, who, versionId);
  const [author] = await db.select({ displayName: users.displayName }).from(users).where(eq(users.id, version.createdBy));
  return {
    id: version.id,
    toolId: version.toolId,
    versionNumber: version.versionNumber,
    state: version.state,
    createdAt: version.createdAt,
    createdByName: author?.displayName ?? "",
    changeSummary: version.changeSummary,
    reviewNote: version.reviewNote,
    ...contentOf(version),
  };
}
