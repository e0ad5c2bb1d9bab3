import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { versionIdInput } from "@/lib/version-schemas";
import { getDb } from "../db/client";
import { tools, users } from "../db/schema";
import type { Actor } from "./actor";
import { contentOf, loadVersion, requireAdmin } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { notFound } from "./service-error";

/**
 * One version under review, with the tool's active version to compare against (null for a
 * tool's first publication). Any state is returned, so the page can say when someone else
 * already answered.
 */
export async function getReview({ actor, input }: { actor: Actor | null; input: z.input<typeof versionIdInput> }) {
  requireAdmin(actor);
  const { versionId } = parseInput(versionIdInput, input);
  const db = getDb();
  const version = await loadVersion(db, versionId);
  const [tool] = await db.select().from(tools).where(eq(tools.id, version.toolId));
  if (!tool) throw notFound("Verktyget");
  const active = tool.activeVersionId && tool.activeVersionId !== version.id ? await loadVersion(db, tool.activeVersionId) : null;
  const people = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [version.createdBy, ...(version.submittedBy ? [version.submittedBy] : [])]));
  const nameOf = (id: string | null) => people.find((person) => person.id === id)?.displayName ?? null;
  return {
    tool: { id: tool.id, slug: tool.slug, title: tool.title, summary: tool.summary, isPublished: tool.isPublished },
    version: {
      id: version.id,
      versionNumber: version.versionNumber,
      state: version.state,
      createdAt: version.createdAt,
      createdByName: nameOf(version.createdBy),
      changeSummary: version.changeSummary,
      submittedAt: version.submittedAt,
      submittedByName: nameOf(version.submittedBy),
      reviewNote: version.reviewNote,
      ...contentOf(version),
    },
    active: active ? { id: active.id, versionNumber: active.versionNumber, ...contentOf(active) } : null,
  };
}
