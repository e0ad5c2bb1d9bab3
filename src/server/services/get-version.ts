import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { versionIdInput } from "@/lib/version-schemas";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import type { Actor } from "./actor";
import { contentOf, loadMaintainedTool, loadVersion, requireContributor } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { notFound, ServiceError } from "./service-error";

/**
 * One version's full content (script, schemas, instructions), for comparing versions and for
 * the review. Maintainers of the tool and admins; for anyone else the version does not exist.
 */
export async function getVersion({ actor, input }: { actor: Actor | null; input: z.input<typeof versionIdInput> }) {
  const who = requireContributor(actor);
  const { versionId } = parseInput(versionIdInput, input);
  const db = getDb();
  const version = await loadVersion(db, versionId);
  try {
    await loadMaintainedTool(db, who, version.toolId);
  } catch (error) {
    if (error instanceof ServiceError && error.code === "NOT_FOUND") throw notFound("Versionen");
    throw error;
  }
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

export type VersionView = Awaited<ReturnType<typeof getVersion>>;
