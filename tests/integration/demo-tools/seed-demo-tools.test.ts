/**
 * seedDemoTools against the real test database: every tool of the script bank becomes a
 * published tool with an active version 1 (the .py file as is), taxonomy and maintainer; a
 * second call changes nothing.
 */
import { readFileSync } from "node:fs";
import { count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inputSchemaSchema, settingsSchemaSchema } from "@/lib/tool-schemas";
import { getDb } from "@/server/db/client";
import { toolCategories, toolMaintainers, toolProfessions, tools, toolVersions } from "@/server/db/schema";
import { DEMO_TOOLS } from "@/server/demo-tools/catalog";
import { demoToolSourcePath, seedDemoTools } from "@/server/demo-tools/seed-demo-tools";
import { contentOf, versionContentHash } from "@/server/services/maintained-tool";
import { createTestUser } from "../../support/db";

const SLUGS = DEMO_TOOLS.map((tool) => tool.slug);

async function versionCount(): Promise<number> {
  const demoTools = await getDb().select({ id: tools.id }).from(tools).where(inArray(tools.slug, SLUGS));
  if (demoTools.length === 0) return 0;
  const [row] = await getDb()
    .select({ n: count() })
    .from(toolVersions)
    .where(inArray(toolVersions.toolId, demoTools.map((tool) => tool.id)));
  return row!.n;
}

let admin: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  // The suite's database is fresh, but DATABASE_URL may point at a kept one: start clean.
  await getDb().delete(tools).where(inArray(tools.slug, SLUGS));
  admin = await createTestUser("admin");
});

// Other suites share this database: leave no published tools behind for their Katalog tests.
afterAll(async () => {
  await getDb().delete(tools).where(inArray(tools.slug, SLUGS));
});

describe("seedDemoTools", () => {
  it("seeds every tool as published with an active version 1, once", async () => {
    const first = await seedDemoTools(getDb(), admin.user.email.toUpperCase());
    expect(first).toEqual({ created: SLUGS, existing: [] });
    expect(await versionCount()).toBe(SLUGS.length);

    for (const demo of DEMO_TOOLS) {
      const [tool] = await getDb().select().from(tools).where(eq(tools.slug, demo.slug));
      expect(tool, demo.slug).toBeDefined();
      expect(tool).toMatchObject({ title: demo.title, summary: demo.summary, ownerId: admin.user.id, isPublished: true });
      expect(tool!.activeVersionId).not.toBeNull();

      const versions = await getDb().select().from(toolVersions).where(eq(toolVersions.toolId, tool!.id));
      expect(versions).toHaveLength(1);
      const [version] = versions;
      const source = readFileSync(demoToolSourcePath(demo.slug), "utf8");
      expect(version).toMatchObject({
        id: tool!.activeVersionId,
        versionNumber: 1,
        state: "active",
        sourceCode: source,
        entrypoint: "run_tool",
        usageInstructions: demo.usageInstructions,
        createdBy: admin.user.id,
        publishedBy: admin.user.id,
        parentVersionId: null,
      });
      expect(version!.publishedAt).toBeInstanceOf(Date);
      // Hashed like a version saved in the Testyta: script, entrypoint, schemas and instructions.
      expect(version!.contentHash).toBe(versionContentHash(contentOf(version!)));
      expect(version!.inputSchema).toEqual(inputSchemaSchema.parse(demo.inputSchema));
      expect(version!.settingsSchema).toEqual(settingsSchemaSchema.parse(demo.settingsSchema));
      // What is stored is a valid schema as the editor and the form renderer read it.
      expect(inputSchemaSchema.safeParse(version!.inputSchema).success).toBe(true);
      expect(settingsSchemaSchema.safeParse(version!.settingsSchema).success).toBe(true);

      const maintainers = await getDb().select().from(toolMaintainers).where(eq(toolMaintainers.toolId, tool!.id));
      expect(maintainers.map((m) => m.userId)).toEqual([admin.user.id]);
      const professions = await getDb().select().from(toolProfessions).where(eq(toolProfessions.toolId, tool!.id));
      expect(professions.map((p) => p.professionSlug).sort()).toEqual([...demo.professions].sort());
      expect(professions.length).toBeGreaterThanOrEqual(1);
      const categories = await getDb().select().from(toolCategories).where(eq(toolCategories.toolId, tool!.id));
      expect(categories.map((c) => c.categorySlug).sort()).toEqual([...demo.categories].sort());
      expect(categories.length).toBeGreaterThanOrEqual(1);
    }

    const second = await seedDemoTools(getDb(), admin.user.email);
    expect(second).toEqual({ created: [], existing: SLUGS });
    expect(await versionCount()).toBe(SLUGS.length);
  });

  it("leaves a tool that exists alone, even when someone has changed it", async () => {
    await getDb().update(tools).set({ isPublished: false, title: "Mina grupper" }).where(eq(tools.slug, "gruppindelning"));
    const other = await createTestUser("admin");
    const result = await seedDemoTools(getDb(), other.user.email);
    expect(result.created).toEqual([]);
    const [tool] = await getDb().select().from(tools).where(eq(tools.slug, "gruppindelning"));
    expect(tool).toMatchObject({ isPublished: false, title: "Mina grupper", ownerId: admin.user.id });
  });

  it("refuses an owner that does not exist", async () => {
    await expect(seedDemoTools(getDb(), "ingen@skriptoteket.test")).rejects.toThrow(/no user with e-mail ingen@skriptoteket\.test/);
  });
});
