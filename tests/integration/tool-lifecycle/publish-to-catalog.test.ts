/**
 * Publicera on the review page of a tool teachers cannot see yet: the version, the slug and
 * taxonomy the admin settles on, and the Katalog — one call, all or nothing.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { toolCategories, toolProfessions, tools } from "@/server/db/schema";
import { getReview } from "@/server/services/get-review";
import { listCatalog } from "@/server/services/list-catalog";
import { publishVersion } from "@/server/services/publish-version";
import { publishVersionToCatalog } from "@/server/services/publish-version-to-catalog";
import { setToolPublished } from "@/server/services/set-tool-published";
import { submitVersion } from "@/server/services/submit-version";
import { auditFor, newTool, people, refused, saveOnHead, SCRIPT, versionRow, type Person } from "./support";

let alice: Person, admin: Person, user: Person;

beforeAll(async () => {
  ({ alice, admin, user } = await people());
});

/** A tool of alice's whose first version waits for review (never published, not in the Katalog). */
async function toolInReview(title?: string) {
  const tool = await newTool(alice.actor, title);
  await submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: "Första versionen." } });
  return tool;
}

/** Everything the step could have changed, to compare before and after a refusal. */
async function snapshot(toolId: string, versionId: string) {
  const db = getDb();
  const [tool] = await db.select().from(tools).where(eq(tools.id, toolId));
  const [professions, categories] = await Promise.all([
    db.select({ slug: toolProfessions.professionSlug }).from(toolProfessions).where(eq(toolProfessions.toolId, toolId)),
    db.select({ slug: toolCategories.categorySlug }).from(toolCategories).where(eq(toolCategories.toolId, toolId)),
  ]);
  const version = await versionRow(versionId);
  return {
    tool: { slug: tool!.slug, isPublished: tool!.isPublished, activeVersionId: tool!.activeVersionId },
    professions: professions.map((row) => row.slug).sort(),
    categories: categories.map((row) => row.slug).sort(),
    version: { state: version.state, reviewedBy: version.reviewedBy, publishedAt: version.publishedAt },
    audit: {
      versionPublished: (await auditFor("version.published", versionId)).length,
      metadataChanged: (await auditFor("tool.metadata_changed", toolId)).length,
      toolPublished: (await auditFor("tool.published", toolId)).length,
    },
  };
}

const slugFor = (name: string) => `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

describe("Publicera och visa i katalogen (granskningssidan)", () => {
  it("is for admins only, and a refusal changes nothing", async () => {
    const tool = await toolInReview();
    const before = await snapshot(tool.id, tool.versionId);
    const input = { versionId: tool.versionId, slug: slugFor("bara-admin"), professions: ["larare"], categories: ["ovrigt"] };
    await refused(publishVersionToCatalog({ actor: null, input }), "UNAUTHORIZED");
    await refused(publishVersionToCatalog({ actor: user.actor, input }), "FORBIDDEN");
    // The tool's own maintainer may not publish it either.
    await refused(publishVersionToCatalog({ actor: alice.actor, input }), "FORBIDDEN");
    expect(await snapshot(tool.id, tool.versionId)).toEqual(before);
  });

  it("names every field at fault at once, in Swedish, and changes nothing", async () => {
    const tool = await toolInReview();
    const before = await snapshot(tool.id, tool.versionId);
    const invalid = await refused(
      publishVersionToCatalog({ actor: admin.actor, input: { versionId: tool.versionId, slug: "Inte Giltig", professions: [], categories: [] } }),
      "VALIDATION",
    );
    expect(invalid.fieldErrors).toEqual({
      slug: expect.stringMatching(/bara innehålla a–z, 0–9 och bindestreck/),
      professions: "Välj minst en yrkesroll.",
      categories: "Välj minst en kategori.",
    });
    const placeholder = await refused(
      publishVersionToCatalog({ actor: admin.actor, input: { versionId: tool.versionId, slug: "utkast-1a2b3c", professions: ["larare"], categories: [] } }),
      "VALIDATION",
    );
    expect(placeholder.fieldErrors).toEqual({ slug: "Ge verktyget en riktig adress i stället för platshållaren.", categories: "Välj minst en kategori." });
    expect(await snapshot(tool.id, tool.versionId)).toEqual(before);
  });

  it("refuses a slug another tool has with the slug field named, and rolls back the version it had already published", async () => {
    const other = await newTool(alice.actor);
    const tool = await toolInReview();
    const before = await snapshot(tool.id, tool.versionId);
    const taken = await refused(
      publishVersionToCatalog({ actor: admin.actor, input: { versionId: tool.versionId, slug: other.slug, professions: ["larare"], categories: ["administration"] } }),
      "CONFLICT",
      /används redan av ett annat verktyg/,
    );
    expect(Object.keys(taken.fieldErrors ?? {})).toEqual(["slug"]);
    // Publishing the version comes first in the transaction: nothing of it may remain.
    expect(await snapshot(tool.id, tool.versionId)).toEqual(before);
    expect(before.version.state).toBe("in_review");
  });

  it("publishes the version, writes the entry and shows the tool in the Katalog in one call, with each step's audit event", async () => {
    const title = `Närvarokoll ${Math.random().toString(36).slice(2, 8)}`;
    const tool = await toolInReview(title);
    const review = await getReview({ actor: admin.actor, input: { versionId: tool.versionId } });
    expect(review.tool).toMatchObject({ isPublished: false, hasActiveVersion: false, proposedSlug: tool.slug, professions: [], categories: [] });
    const slug = slugFor("narvarokoll");

    const result = await publishVersionToCatalog({
      actor: admin.actor,
      input: { versionId: tool.versionId, slug, professions: ["larare", "rektor"], categories: ["administration"] },
    });
    expect(result).toMatchObject({ versionNumber: 1, archivedVersionNumber: null, slug, isPublished: true });
    const after = await snapshot(tool.id, tool.versionId);
    expect(after).toMatchObject({
      tool: { slug, isPublished: true, activeVersionId: tool.versionId },
      professions: ["larare", "rektor"],
      categories: ["administration"],
      version: { state: "active", reviewedBy: admin.user.id },
      audit: { versionPublished: 1, metadataChanged: 1, toolPublished: 1 },
    });
    // A teacher finds it.
    expect((await listCatalog({ actor: user.actor, input: { query: title } })).tools.map((t) => t.slug)).toContain(slug);

    // In the Katalog now: the next version is published with the plain step, and this one refuses.
    const v2 = await saveOnHead(alice.actor, tool.id, SCRIPT("två"));
    await submitVersion({ actor: alice.actor, input: { versionId: v2.versionId, changeSummary: "två" } });
    await refused(
      publishVersionToCatalog({ actor: admin.actor, input: { versionId: v2.versionId, slug, professions: ["larare"], categories: ["administration"] } }),
      "CONFLICT",
      /syns redan i katalogen/,
    );
    expect((await versionRow(v2.versionId)).state).toBe("in_review");
    await publishVersion({ actor: admin.actor, input: { versionId: v2.versionId } });
    expect((await versionRow(v2.versionId)).state).toBe("active");
  });

  it("a placeholder slug is proposed from the title, and the Testyta's Publicera i katalogen names its missing fields too", async () => {
    const tool = await newTool(alice.actor, "!!");
    await submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: "ett" } });
    expect((await getReview({ actor: admin.actor, input: { versionId: tool.versionId } })).tool.proposedSlug).toBe("");
    const refusal = await refused(setToolPublished({ actor: admin.actor, input: { toolId: tool.id, published: true } }), "VALIDATION");
    expect(refusal.fieldErrors).toEqual({
      version: "Verktyget har ingen publicerad version än.",
      slug: "Ge verktyget en riktig adress i stället för platshållaren.",
      professions: "Välj minst en yrkesroll.",
      categories: "Välj minst en kategori.",
    });
  });
});
