import "server-only";
import crypto from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { stableJson, type VersionContent } from "@/lib/version-schemas";
import { getDb, type DbOrTx } from "../db/client";
import { toolCategories, toolMaintainers, toolProfessions, toolVersions, tools } from "../db/schema";
import { requireUser, type Actor, type UserActor } from "./actor";
import { notFound, ServiceError } from "./service-error";

/** The signed-in person behind a change to a tool (the command line has no tool rights of its own). */
export function requireContributor(actor: Actor | null): UserActor {
  return requireUser(actor, "contributor", "Bara inloggade bidragsgivare kan arbeta med verktyg.");
}

export function requireAdmin(actor: Actor | null): UserActor {
  return requireUser(actor, "admin", "Bara inloggade administratörer kan göra det här.");
}

export async function isMaintainer(db: DbOrTx, toolId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: toolMaintainers.userId })
    .from(toolMaintainers)
    .where(and(eq(toolMaintainers.toolId, toolId), eq(toolMaintainers.userId, userId)));
  return Boolean(row);
}

/**
 * A tool the actor may work on in the Testyta: one they maintain, or any tool for an admin.
 * Everything else — unknown ids, other people's tools — is "not found", so ids can't be probed.
 * `lock` takes the tool row FOR UPDATE: every change to a tool's versions holds it, which
 * serializes saves, submits, publishes and rollbacks of one tool (the version rules read the
 * head and the active version and must not race).
 */
export async function loadMaintainedTool(db: DbOrTx, actor: UserActor, toolId: string, options: { lock?: boolean } = {}) {
  const query = db.select().from(tools).where(eq(tools.id, toolId));
  const [tool] = options.lock ? await query.for("update") : await query;
  if (!tool) throw notFound("Verktyget");
  if (actor.role !== "admin" && !(await isMaintainer(db, tool.id, actor.userId))) throw notFound("Verktyget");
  return tool;
}

/** Any tool by id, for admins (locked when asked). */
export async function loadToolForAdmin(db: DbOrTx, toolId: string, options: { lock?: boolean } = {}) {
  const query = db.select().from(tools).where(eq(tools.id, toolId));
  const [tool] = options.lock ? await query.for("update") : await query;
  if (!tool) throw notFound("Verktyget");
  return tool;
}

/** The tool's Katalog taxonomy: the slugs of its professions and categories. */
export async function loadToolTaxonomy(db: DbOrTx, toolId: string): Promise<{ professions: string[]; categories: string[] }> {
  const [professionRows, categoryRows] = await Promise.all([
    db.select({ slug: toolProfessions.professionSlug }).from(toolProfessions).where(eq(toolProfessions.toolId, toolId)),
    db.select({ slug: toolCategories.categorySlug }).from(toolCategories).where(eq(toolCategories.toolId, toolId)),
  ]);
  return { professions: professionRows.map((row) => row.slug), categories: categoryRows.map((row) => row.slug) };
}

/**
 * An admin's lifecycle step on one version (publish, rollback, request changes): runs `step` in
 * a transaction holding the version's tool row lock, with the version read under that lock.
 */
export async function withLockedVersion<T>(
  versionId: string,
  step: (tx: DbOrTx, tool: typeof tools.$inferSelect, version: typeof toolVersions.$inferSelect) => Promise<T>,
): Promise<T> {
  const db = getDb();
  const { toolId } = await loadVersion(db, versionId);
  return db.transaction(async (tx) => {
    const tool = await loadToolForAdmin(tx, toolId, { lock: true });
    return step(tx, tool, await loadVersion(tx, versionId));
  });
}

/** Publishing and requesting changes both answer a version waiting for review. */
export function requireInReview(version: { state: string; versionNumber: number }): void {
  if (version.state !== "in_review") {
    throw new ServiceError("CONFLICT", `Version ${version.versionNumber} väntar inte på granskning (någon kan redan ha svarat på den).`);
  }
}

/**
 * A version of a tool the actor maintains (or any, for an admin). A version of someone else's
 * tool is "not found" as a version, so ids can't be probed.
 */
export async function loadMaintainedVersion(db: DbOrTx, actor: UserActor, versionId: string) {
  const version = await loadVersion(db, versionId);
  try {
    await loadMaintainedTool(db, actor, version.toolId);
  } catch (error) {
    if (error instanceof ServiceError && error.code === "NOT_FOUND") throw notFound("Versionen");
    throw error;
  }
  return version;
}

/** The newest version of a tool (the "head" that the next save must name as its parent). */
export async function headVersion(db: DbOrTx, toolId: string) {
  const [head] = await db.select().from(toolVersions).where(eq(toolVersions.toolId, toolId)).orderBy(desc(toolVersions.versionNumber)).limit(1);
  return head ?? null;
}

/** A version and its tool, for lifecycle steps that name only the version. */
export async function loadVersion(db: DbOrTx, versionId: string) {
  const [version] = await db.select().from(toolVersions).where(eq(toolVersions.id, versionId));
  if (!version) throw notFound("Versionen");
  return version;
}

/**
 * The content hash of a version: everything that decides what a run does and shows. Stable JSON,
 * so a version read back from the database hashes as it did when it was saved.
 */
export function versionContentHash(content: VersionContent): string {
  return crypto
    .createHash("sha256")
    .update(stableJson([content.sourceCode, content.entrypoint, content.inputSchema, content.settingsSchema, content.usageInstructions]))
    .digest("hex");
}

export function contentOf(version: typeof toolVersions.$inferSelect): VersionContent {
  return {
    sourceCode: version.sourceCode,
    entrypoint: version.entrypoint,
    inputSchema: version.inputSchema as VersionContent["inputSchema"],
    settingsSchema: version.settingsSchema as VersionContent["settingsSchema"],
    usageInstructions: version.usageInstructions,
  };
}

/** Never published and reviewed with a note: the admin asked for changes. */
export function wasChangesRequested(version: { state: string; reviewNote: string | null; publishedAt: Date | null }): boolean {
  return version.state === "archived" && version.reviewNote !== null && version.publishedAt === null;
}

export type WorkState = "draft" | "in_review" | "changes_requested" | null;

/**
 * Where a tool's work stands, from its versions (newest number = head): a version waiting for
 * review; else changes the admin asked for on the last submitted version (with the note); else
 * an unsubmitted draft at the head; else nothing pending.
 */
export function summarizeVersions<V extends { id: string; versionNumber: number; state: string; reviewNote: string | null; publishedAt: Date | null; submittedAt: Date | null }>(
  versions: readonly V[],
) {
  const head = versions.reduce<V | null>((best, v) => (!best || v.versionNumber > best.versionNumber ? v : best), null);
  const inReview = versions.find((v) => v.state === "in_review") ?? null;
  const active = versions.find((v) => v.state === "active") ?? null;
  const lastSubmitted = versions
    .filter((v) => v.submittedAt !== null)
    .reduce<V | null>((best, v) => (!best || v.submittedAt! > best.submittedAt! ? v : best), null);
  const changesRequested = !inReview && lastSubmitted && wasChangesRequested(lastSubmitted) ? lastSubmitted : null;
  const workState: WorkState = inReview ? "in_review" : changesRequested && head?.state === "draft" ? "changes_requested" : head?.state === "draft" ? "draft" : null;
  return {
    head,
    inReview,
    active,
    workState,
    /** The admin's note when changes were requested and not yet answered with a new submission. */
    changesRequested: workState === "changes_requested" && changesRequested ? { versionId: changesRequested.id, versionNumber: changesRequested.versionNumber, note: changesRequested.reviewNote! } : null,
  };
}
