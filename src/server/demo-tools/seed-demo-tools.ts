import "server-only";
import { promises as fs } from "node:fs";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { inputSchemaSchema, settingsSchemaSchema } from "@/lib/tool-schemas";
import type { Database } from "@/server/db/client";
import { toolCategories, toolMaintainers, toolProfessions, tools, toolVersions, users } from "@/server/db/schema";
import { versionContentHash } from "@/server/services/maintained-tool";
import { DEMO_TOOL_ENTRYPOINT, DEMO_TOOLS, type DemoTool } from "./catalog";

export interface SeedDemoToolsResult {
  /** Slugs inserted by this call. */
  created: string[];
  /** Slugs that already existed and were left alone. */
  existing: string[];
}

/** Where a demo tool's script lives (read at seed time, from the project root like the runner image). */
export function demoToolSourcePath(slug: string): string {
  return path.resolve(process.cwd(), "src/server/demo-tools", slug, "tool.py");
}

/**
 * Seeds the script bank (catalog.ts) as published tools owned by `ownerEmail`, each with an
 * active version 1. Idempotent by slug: a tool that exists — whatever has happened to it since
 * (new versions, depublished, renamed) — is left alone. Each tool is inserted in its own
 * transaction, so a concurrent start that seeds the same slug makes this call skip it.
 */
export async function seedDemoTools(db: Database, ownerEmail: string): Promise<SeedDemoToolsResult> {
  const email = ownerEmail.trim().toLowerCase();
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!owner) throw new Error(`seedDemoTools: no user with e-mail ${email}; create the owner before seeding the demo tools.`);

  const slugs = DEMO_TOOLS.map((tool) => tool.slug);
  const present = new Set(
    (await db.select({ slug: tools.slug }).from(tools).where(inArray(tools.slug, slugs))).map((row) => row.slug),
  );
  const result: SeedDemoToolsResult = { created: [], existing: [] };
  for (const demo of DEMO_TOOLS) {
    if (present.has(demo.slug)) {
      result.existing.push(demo.slug);
      continue;
    }
    const inserted = await insertDemoTool(db, demo, owner.id, await fs.readFile(demoToolSourcePath(demo.slug), "utf8"));
    (inserted ? result.created : result.existing).push(demo.slug);
  }
  return result;
}

async function insertDemoTool(db: Database, demo: DemoTool, ownerId: string, source: string): Promise<boolean> {
  // Parsed here so that the stored schemas carry their defaults, exactly as the editor would save them.
  const inputSchema = inputSchemaSchema.parse(demo.inputSchema);
  const settingsSchema = settingsSchemaSchema.parse(demo.settingsSchema);
  const content = { sourceCode: source, entrypoint: DEMO_TOOL_ENTRYPOINT, inputSchema, settingsSchema, usageInstructions: demo.usageInstructions };
  const now = new Date();
  return db.transaction(async (tx) => {
    const [tool] = await tx
      .insert(tools)
      .values({ slug: demo.slug, title: demo.title, summary: demo.summary, ownerId, isPublished: true })
      .onConflictDoNothing({ target: tools.slug })
      .returning({ id: tools.id });
    if (!tool) return false;
    const [version] = await tx
      .insert(toolVersions)
      .values({
        toolId: tool.id,
        versionNumber: 1,
        state: "active",
        ...content,
        contentHash: versionContentHash(content),
        createdBy: ownerId,
        changeSummary: "Från Skriptotekets skriptbank.",
        publishedBy: ownerId,
        publishedAt: now,
      })
      .returning({ id: toolVersions.id });
    if (!version) throw new Error(`seedDemoTools: inserting version 1 of ${demo.slug} returned nothing`);
    await tx.update(tools).set({ activeVersionId: version.id, updatedAt: now }).where(eq(tools.id, tool.id));
    await tx.insert(toolMaintainers).values({ toolId: tool.id, userId: ownerId, addedBy: ownerId });
    await tx.insert(toolProfessions).values(demo.professions.map((professionSlug) => ({ toolId: tool.id, professionSlug })));
    await tx.insert(toolCategories).values(demo.categories.map((categorySlug) => ({ toolId: tool.id, categorySlug })));
    return true;
  });
}
