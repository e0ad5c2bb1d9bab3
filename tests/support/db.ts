import crypto from "node:crypto";
import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { Role } from "../../src/lib/domain";
import { hashPassword } from "../../src/server/auth/password";
import { getDb } from "../../src/server/db/client";
import { authSessions, users } from "../../src/server/db/schema";
import type { Actor } from "../../src/server/services/actor";

/** A unique e-mail per call, so test files never collide in the shared database. */
export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${crypto.randomBytes(5).toString("hex")}@test.skriptoteket`;
}

/** Inserts a real user row and returns the actor a signed-in session of theirs would have. */
export async function createTestUser(role: Role, options: { password?: string; email?: string } = {}) {
  const email = options.email ?? uniqueEmail(role);
  const password = options.password ?? "correct-horse-battery";
  const [row] = await getDb()
    .insert(users)
    .values({ email, displayName: `Test ${role}`, role, passwordHash: await hashPassword(password) })
    .returning();
  if (!row) throw new Error("insert failed");
  const actor: Actor = { kind: "user", userId: row.id, role, email, displayName: row.displayName };
  return { user: row, actor, password };
}

export async function reloadUser(userId: string) {
  const [row] = await getDb().select().from(users).where(eq(users.id, userId));
  return row;
}

/** A signed-in session of this user (its row, and what its cookie carries; see loadActor). */
export async function sessionOf(user: { id: string; sessionVersion: number }) {
  const [session] = await getDb()
    .insert(authSessions)
    .values({ userId: user.id, expiresAt: new Date(Date.now() + 60 * 60_000) })
    .returning({ id: authSessions.id });
  return { userId: user.id, sessionVersion: user.sessionVersion, sessionId: session!.id };
}

/** A login attempt from one test client address (the login throttle counts per address). */
export function loginFrom(clientAddress: string) {
  return (credentials: { email: unknown; password: unknown; deviceToken?: string | null }) => ({ ...credentials, clientAddress });
}

/**
 * Inserts many users at once without hashing a password each (they cannot log in). For
 * listing and paging tests, where argon2 per row would cost seconds.
 */
export async function insertUsersWithoutPassword(count: number, make: (index: number) => { email: string; displayName: string; role?: Role }) {
  const rows = Array.from({ length: count }, (_, index) => ({ role: "user" as Role, ...make(index), passwordHash: "no-login" }));
  return getDb().insert(users).values(rows).returning();
}

/**
 * The last-admin rule looks at every active admin in the (shared) test database. This makes
 * `keep` the only active admins by deactivating the others, and returns a function that
 * reactivates exactly those it deactivated. Test files run one at a time (fileParallelism:
 * false), so nothing else sees the window; always call the restore in `finally`.
 */
export async function makeOnlyActiveAdmins(keep: string[]): Promise<() => Promise<void>> {
  const db = getDb();
  const others = await db
    .update(users)
    .set({ isActive: false })
    .where(and(eq(users.role, "admin"), eq(users.isActive, true), notInArray(users.id, keep)))
    .returning({ id: users.id });
  return async () => {
    if (others.length > 0) await db.update(users).set({ isActive: true }).where(inArray(users.id, others.map((o) => o.id)));
  };
}

/** A tool with one version holding `source` (state as given), maintained by its owner. */
export async function createTestTool(ownerId: string, source: string, options: { state?: "draft" | "active"; entrypoint?: string } = {}) {
  const { tools, toolVersions, toolMaintainers } = await import("../../src/server/db/schema");
  const db = getDb();
  const slug = `test-${crypto.randomBytes(5).toString("hex")}`;
  const [tool] = await db.insert(tools).values({ slug, title: `Testverktyg ${slug}`, ownerId }).returning();
  if (!tool) throw new Error("insert failed");
  await db.insert(toolMaintainers).values({ toolId: tool.id, userId: ownerId });
  const [version] = await db
    .insert(toolVersions)
    .values({
      toolId: tool.id,
      versionNumber: 1,
      state: options.state ?? "draft",
      sourceCode: source,
      entrypoint: options.entrypoint ?? "run_tool",
      contentHash: crypto.createHash("sha256").update(source).digest("hex"),
      createdBy: ownerId,
    })
    .returning();
  if (!version) throw new Error("insert failed");
  return { tool, version };
}

/** A tool as the Katalog shows it: published, with an active version and taxonomy. */
export async function createPublishedTool(
  ownerId: string,
  source: string,
  options: { inputSchema?: unknown[]; settingsSchema?: unknown[]; title?: string; summary?: string; usageInstructions?: string } = {},
) {
  const { tools, toolVersions, toolMaintainers, toolProfessions, toolCategories } = await import("../../src/server/db/schema");
  const { eq } = await import("drizzle-orm");
  const db = getDb();
  const slug = `verktyg-${crypto.randomBytes(5).toString("hex")}`;
  const [tool] = await db
    .insert(tools)
    .values({ slug, title: options.title ?? `Verktyg ${slug}`, summary: options.summary ?? "Ett testverktyg.", ownerId, isPublished: true })
    .returning();
  const [version] = await db
    .insert(toolVersions)
    .values({
      toolId: tool!.id,
      versionNumber: 1,
      state: "active",
      sourceCode: source,
      inputSchema: options.inputSchema ?? [],
      settingsSchema: options.settingsSchema ?? [],
      usageInstructions: options.usageInstructions ?? "",
      contentHash: crypto.createHash("sha256").update(source).digest("hex"),
      createdBy: ownerId,
      publishedBy: ownerId,
      publishedAt: new Date(),
    })
    .returning();
  await db.update(tools).set({ activeVersionId: version!.id }).where(eq(tools.id, tool!.id));
  await db.insert(toolMaintainers).values({ toolId: tool!.id, userId: ownerId });
  await db.insert(toolProfessions).values({ toolId: tool!.id, professionSlug: "larare" });
  await db.insert(toolCategories).values({ toolId: tool!.id, categorySlug: "administration" });
  return { tool: { ...tool!, activeVersionId: version!.id }, version: version! };
}
