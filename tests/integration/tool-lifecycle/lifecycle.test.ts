/**
 * The version lifecycle of DOMAIN.md against real Postgres, through the services (which is
 * where the rules live): every transition, every refusal, and who may do what.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { toolCategories, toolMaintainers, toolProfessions, tools } from "@/server/db/schema";
import { addMaintainer } from "@/server/services/add-maintainer";
import { createTool } from "@/server/services/create-tool";
import { getReview } from "@/server/services/get-review";
import { getTestArea } from "@/server/services/get-test-area";
import { getVersion } from "@/server/services/get-version";
import { listCatalog } from "@/server/services/list-catalog";
import { listMyTools } from "@/server/services/list-my-tools";
import { listReviewQueue } from "@/server/services/list-review-queue";
import { contentOf, versionContentHash } from "@/server/services/maintained-tool";
import { publishVersion } from "@/server/services/publish-version";
import { removeMaintainer } from "@/server/services/remove-maintainer";
import { requestChanges } from "@/server/services/request-changes";
import { rollbackVersion } from "@/server/services/rollback-version";
import { saveDraft } from "@/server/services/save-draft";
import { setToolPublished } from "@/server/services/set-tool-published";
import { setUserRole } from "@/server/services/set-user-role";
import { submitVersion } from "@/server/services/submit-version";
import { updateToolMetadata } from "@/server/services/update-tool-metadata";
import { STARTER_SOURCE } from "@/lib/version-schemas";
import { auditFor, newTool, people, refused, saveOnHead, SCRIPT, versionRow, versionsOf, type Person } from "./support";

let alice: Person, bob: Person, admin: Person, user: Person;

beforeAll(async () => {
  ({ alice, bob, admin, user } = await people());
});

/** A tool of alice's with version `n` published (active) through the real steps. */
async function publishedTool() {
  const tool = await newTool(alice.actor);
  await submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: "Första versionen." } });
  await publishVersion({ actor: admin.actor, input: { versionId: tool.versionId } });
  return tool;
}

describe("Nytt verktyg", () => {
  it("creates an unpublished tool owned and maintained by its creator, with a runnable draft and an audit event", async () => {
    const created = await createTool({ actor: alice.actor, input: { title: "Gruppindelning för åk 7!", summary: "Delar in klassen." } });
    expect(created.slug).toMatch(/^gruppindelning-for-ak-7(-\d+)?$/);
    const [row] = await getDb().select().from(tools).where(eq(tools.id, created.id));
    expect(row).toMatchObject({ ownerId: alice.user.id, isPublished: false, activeVersionId: null, title: "Gruppindelning för åk 7!", summary: "Delar in klassen." });
    const maintainers = await getDb().select().from(toolMaintainers).where(eq(toolMaintainers.toolId, created.id));
    expect(maintainers.map((m) => m.userId)).toEqual([alice.user.id]);
    const [v1] = await versionsOf(created.id);
    expect(v1).toMatchObject({ versionNumber: 1, state: "draft", sourceCode: STARTER_SOURCE, entrypoint: "run_tool", parentVersionId: null, createdBy: alice.user.id });
    expect(v1!.inputSchema).toEqual([expect.objectContaining({ kind: "file", min: 0 })]);
    expect(await auditFor("tool.created", created.id)).toHaveLength(1);
  });

  it("derives a unique slug from the title, and a placeholder when the title has nothing usable", async () => {
    const title = `Klasslista ${Date.now()}`;
    const first = await createTool({ actor: alice.actor, input: { title } });
    const [second, third] = await Promise.all([createTool({ actor: bob.actor, input: { title } }), createTool({ actor: alice.actor, input: { title } })]);
    expect(new Set([first.slug, second.slug, third.slug]).size).toBe(3);
    expect([second.slug, third.slug].sort()).toEqual([`${first.slug}-2`, `${first.slug}-3`]);
    const odd = await createTool({ actor: alice.actor, input: { title: "???" } });
    expect(odd.slug).toMatch(/^utkast-[0-9a-f]{8}$/);
  });

  it("is for contributors and admins only", async () => {
    await refused(createTool({ actor: user.actor, input: { title: "Nej" } }), "FORBIDDEN");
    await refused(createTool({ actor: null, input: { title: "Nej" } }), "UNAUTHORIZED");
    await refused(createTool({ actor: alice.actor, input: { title: "  " } }), "VALIDATION");
    expect((await createTool({ actor: admin.actor, input: { title: "Admins verktyg" } })).slug).toMatch(/^admins-verktyg/);
  });
});

describe("Mina verktyg", () => {
  it("lists the tools a contributor maintains (admins: all) with their state at a glance", async () => {
    const mine = await newTool(alice.actor);
    const bobs = await newTool(bob.actor);
    const published = await publishedTool();
    const aliceList = (await listMyTools({ actor: alice.actor })).tools;
    expect(aliceList.map((t) => t.id)).toEqual(expect.arrayContaining([mine.id, published.id]));
    expect(aliceList.map((t) => t.id)).not.toContain(bobs.id);
    expect(aliceList.find((t) => t.id === mine.id)).toMatchObject({ workState: "draft", inCatalog: false, activeVersionNumber: null });
    expect(aliceList.find((t) => t.id === published.id)).toMatchObject({ workState: null, activeVersionNumber: 1, inCatalog: false });
    const adminList = (await listMyTools({ actor: admin.actor })).tools;
    expect(adminList.map((t) => t.id)).toEqual(expect.arrayContaining([mine.id, bobs.id, published.id]));
    await refused(listMyTools({ actor: user.actor }), "FORBIDDEN");
  });
});

describe("Spara", () => {
  it("creates a new draft whose parent is the head; a stale parent is a conflict that names the newer version", async () => {
    const tool = await newTool(alice.actor);
    const v2 = await saveOnHead(alice.actor, tool.id, SCRIPT("två"));
    expect(v2.versionNumber).toBe(2);
    expect(await versionRow(v2.versionId)).toMatchObject({ state: "draft", parentVersionId: tool.versionId, createdBy: alice.user.id, sourceCode: SCRIPT("två") });
    // An editor still based on version 1:
    const stale = await refused(
      saveDraft({
        actor: alice.actor,
        input: { toolId: tool.id, parentVersionId: tool.versionId, sourceCode: SCRIPT("tre"), entrypoint: "run_tool", inputSchema: [], settingsSchema: [], usageInstructions: "" },
      }),
      "CONFLICT",
      /version 2/,
    );
    expect(stale.message).toMatch(/inte sparade/);
    expect(await versionsOf(tool.id)).toHaveLength(2);
  });

  it("refuses a save with nothing changed, and schemas with the field path of the problem", async () => {
    const tool = await newTool(alice.actor);
    const area = await getTestArea({ actor: alice.actor, input: { toolId: tool.id } });
    const same = { toolId: tool.id, parentVersionId: area.head.id, sourceCode: area.head.sourceCode, entrypoint: area.head.entrypoint, inputSchema: area.head.inputSchema, settingsSchema: area.head.settingsSchema, usageInstructions: area.head.usageInstructions };
    await refused(saveDraft({ actor: alice.actor, input: same }), "VALIDATION", /Inget är ändrat/);
    const bad = await refused(
      saveDraft({ actor: alice.actor, input: { ...same, inputSchema: [{ kind: "file", name: "filer", label: "Filer", accept: ["csv"] }], settingsSchema: [{ kind: "file", name: "x", label: "X" }] } }),
      "VALIDATION",
    );
    expect(bad.fieldErrors?.inputSchema).toMatch(/^input_schema\[0\]\.accept\[0\]: Filtyper skrivs som/);
    expect(bad.fieldErrors?.settingsSchema).toMatch(/^settings_schema\[0\]\.kind: /);
    const entry = await refused(saveDraft({ actor: alice.actor, input: { ...same, sourceCode: "x = 1\n", entrypoint: "run tool" } }), "VALIDATION");
    expect(entry.fieldErrors?.entrypoint).toMatch(/Python-namn/);
  });

  it("stores the schemas with their defaults filled in", async () => {
    const tool = await newTool(alice.actor);
    const saved = await saveOnHead(alice.actor, tool.id, SCRIPT("schema"), { inputSchema: [{ kind: "file", name: "fil", label: "Fil" }] });
    const row = await versionRow(saved.versionId);
    expect(row.inputSchema).toEqual([{ kind: "file", name: "fil", label: "Fil", required: false, accept: [], min: 1, max: 1 }]);
    // jsonb reorders keys; the content hash does not depend on it.
    expect(row.contentHash).toBe(versionContentHash(contentOf(row)));
  });

  it("answers not found to a contributor who does not maintain the tool, and forbidden to a plain user", async () => {
    const tool = await newTool(alice.actor);
    await refused(getTestArea({ actor: bob.actor, input: { toolId: tool.id } }), "NOT_FOUND");
    await refused(getVersion({ actor: bob.actor, input: { versionId: tool.versionId } }), "NOT_FOUND");
    await refused(saveOnHead(bob.actor, tool.id, SCRIPT("bob")), "NOT_FOUND");
    await refused(
      saveDraft({ actor: bob.actor, input: { toolId: tool.id, parentVersionId: tool.versionId, sourceCode: "", entrypoint: "run_tool", inputSchema: [], settingsSchema: [], usageInstructions: "" } }),
      "NOT_FOUND",
    );
    await refused(submitVersion({ actor: bob.actor, input: { versionId: tool.versionId, changeSummary: "x" } }), "NOT_FOUND");
    await refused(getTestArea({ actor: user.actor, input: { toolId: tool.id } }), "FORBIDDEN");
    await refused(getTestArea({ actor: alice.actor, input: { toolId: crypto.randomUUID() } }), "NOT_FOUND");
    // Admins maintain everything.
    expect((await getTestArea({ actor: admin.actor, input: { toolId: tool.id } })).tool.id).toBe(tool.id);
    expect((await saveOnHead(admin.actor, tool.id, SCRIPT("admin"))).versionNumber).toBe(2);
  });
});

describe("Skicka för granskning", () => {
  it("moves the head draft to in_review with the change summary and an audit event", async () => {
    const tool = await newTool(alice.actor);
    const result = await submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: "Första versionen." } });
    expect(result.state).toBe("in_review");
    expect(await versionRow(tool.versionId)).toMatchObject({ state: "in_review", changeSummary: "Första versionen.", submittedBy: alice.user.id });
    expect(await auditFor("version.submitted", tool.versionId)).toHaveLength(1);
    expect((await listReviewQueue({ actor: admin.actor })).items.map((item) => item.versionId)).toContain(tool.versionId);
    expect((await getTestArea({ actor: alice.actor, input: { toolId: tool.id } })).workState).toBe("in_review");
  });

  it("refuses an empty summary, a version that is not the head, one that is not a draft, and a second version while one waits", async () => {
    const tool = await newTool(alice.actor);
    await refused(submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: " " } }), "VALIDATION");
    const v2 = await saveOnHead(alice.actor, tool.id, SCRIPT("två"));
    await refused(submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: "gammal" } }), "CONFLICT", /nyare version \(version 2\)/);
    await submitVersion({ actor: alice.actor, input: { versionId: v2.versionId, changeSummary: "två" } });
    await refused(submitVersion({ actor: alice.actor, input: { versionId: v2.versionId, changeSummary: "igen" } }), "CONFLICT", /inte ett utkast/);
    // Saving while in review is allowed; submitting that draft waits for the review.
    const v3 = await saveOnHead(alice.actor, tool.id, SCRIPT("tre"));
    await refused(submitVersion({ actor: alice.actor, input: { versionId: v3.versionId, changeSummary: "tre" } }), "CONFLICT", /Version 2 väntar redan/);
  });
});

describe("Publicera (admin)", () => {
  it("makes the reviewed version active and archives the previous one, with audit events", async () => {
    const tool = await publishedTool();
    expect(await versionRow(tool.versionId)).toMatchObject({ state: "active", publishedBy: admin.user.id, reviewedBy: admin.user.id });
    const v2 = await saveOnHead(alice.actor, tool.id, SCRIPT("två"));
    await submitVersion({ actor: alice.actor, input: { versionId: v2.versionId, changeSummary: "två" } });
    const review = await getReview({ actor: admin.actor, input: { versionId: v2.versionId } });
    expect(review.active?.versionNumber).toBe(1);
    expect(review.version.sourceCode).toBe(SCRIPT("två"));
    const result = await publishVersion({ actor: admin.actor, input: { versionId: v2.versionId } });
    expect(result).toMatchObject({ versionNumber: 2, archivedVersionNumber: 1 });
    expect((await versionRow(tool.versionId)).state).toBe("archived");
    expect((await versionRow(v2.versionId)).state).toBe("active");
    const [row] = await getDb().select().from(tools).where(eq(tools.id, tool.id));
    expect(row!.activeVersionId).toBe(v2.versionId);
    const events = await auditFor("version.published", v2.versionId);
    expect(events[0]).toMatchObject({ actorId: admin.user.id, before: expect.objectContaining({ activeVersionNumber: 1 }), after: expect.objectContaining({ activeVersionNumber: 2 }) });
  });

  it("refuses what is not in review, and anyone but an admin", async () => {
    const tool = await newTool(alice.actor);
    await refused(publishVersion({ actor: admin.actor, input: { versionId: tool.versionId } }), "CONFLICT", /väntar inte på granskning/);
    await submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: "x" } });
    await refused(publishVersion({ actor: alice.actor, input: { versionId: tool.versionId } }), "FORBIDDEN");
    await refused(requestChanges({ actor: alice.actor, input: { versionId: tool.versionId, note: "x" } }), "FORBIDDEN");
    await refused(rollbackVersion({ actor: alice.actor, input: { versionId: tool.versionId } }), "FORBIDDEN");
    await refused(getReview({ actor: alice.actor, input: { versionId: tool.versionId } }), "FORBIDDEN");
    await refused(publishVersion({ actor: admin.actor, input: { versionId: crypto.randomUUID() } }), "NOT_FOUND");
    await publishVersion({ actor: admin.actor, input: { versionId: tool.versionId } });
    await refused(publishVersion({ actor: admin.actor, input: { versionId: tool.versionId } }), "CONFLICT");
  });
});

describe("Begär ändringar (admin)", () => {
  it("archives the reviewed version with the note and gives the author a new draft copied from it; the note shows until the next submission", async () => {
    const tool = await newTool(alice.actor);
    const v2 = await saveOnHead(alice.actor, tool.id, SCRIPT("två"));
    await submitVersion({ actor: alice.actor, input: { versionId: v2.versionId, changeSummary: "två" } });
    await refused(requestChanges({ actor: admin.actor, input: { versionId: v2.versionId, note: "  " } }), "VALIDATION");
    const result = await requestChanges({ actor: admin.actor, input: { versionId: v2.versionId, note: "Lägg till instruktioner för filen." } });
    expect(result.draftVersionNumber).toBe(3);
    expect(await versionRow(v2.versionId)).toMatchObject({ state: "archived", reviewNote: "Lägg till instruktioner för filen.", reviewedBy: admin.user.id, publishedAt: null });
    expect(await versionRow(result.draftVersionId!)).toMatchObject({ state: "draft", parentVersionId: v2.versionId, createdBy: alice.user.id, sourceCode: SCRIPT("två") });
    expect(await auditFor("version.changes_requested", v2.versionId)).toHaveLength(1);

    const area = await getTestArea({ actor: alice.actor, input: { toolId: tool.id } });
    expect(area.workState).toBe("changes_requested");
    expect(area.changesRequested).toEqual({ versionId: v2.versionId, versionNumber: 2, note: "Lägg till instruktioner för filen." });
    expect(area.head.id).toBe(result.draftVersionId);
    expect((await listMyTools({ actor: alice.actor })).tools.find((t) => t.id === tool.id)?.workState).toBe("changes_requested");
    // Still shown after another save; gone once resubmitted.
    const v4 = await saveOnHead(alice.actor, tool.id, SCRIPT("fyra"));
    expect((await getTestArea({ actor: alice.actor, input: { toolId: tool.id } })).changesRequested?.note).toBe("Lägg till instruktioner för filen.");
    await submitVersion({ actor: alice.actor, input: { versionId: v4.versionId, changeSummary: "Instruktioner tillagda." } });
    const after = await getTestArea({ actor: alice.actor, input: { toolId: tool.id } });
    expect(after.changesRequested).toBeNull();
    expect(after.workState).toBe("in_review");
    // A version that had changes requested was never published: it cannot be rolled back to.
    await refused(rollbackVersion({ actor: admin.actor, input: { versionId: v2.versionId } }), "CONFLICT", /aldrig varit publicerad/);
  });

  it("adds no copy when the author already saved a newer draft", async () => {
    const tool = await newTool(alice.actor);
    await submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: "ett" } });
    const v2 = await saveOnHead(alice.actor, tool.id, SCRIPT("två"));
    const result = await requestChanges({ actor: admin.actor, input: { versionId: tool.versionId, note: "Nej." } });
    expect(result.draftVersionId).toBeNull();
    const area = await getTestArea({ actor: alice.actor, input: { toolId: tool.id } });
    expect(area.head.id).toBe(v2.versionId);
    expect(area.changesRequested?.note).toBe("Nej.");
    await refused(requestChanges({ actor: admin.actor, input: { versionId: tool.versionId, note: "igen" } }), "CONFLICT");
  });
});

describe("Återställ (admin)", () => {
  it("makes an archived, once published version active again and archives the current one", async () => {
    const tool = await publishedTool();
    const v2 = await saveOnHead(alice.actor, tool.id, SCRIPT("två"));
    await submitVersion({ actor: alice.actor, input: { versionId: v2.versionId, changeSummary: "två" } });
    await publishVersion({ actor: admin.actor, input: { versionId: v2.versionId } });
    await refused(rollbackVersion({ actor: admin.actor, input: { versionId: v2.versionId } }), "CONFLICT", /inte arkiverad/);
    const result = await rollbackVersion({ actor: admin.actor, input: { versionId: tool.versionId } });
    expect(result).toMatchObject({ versionNumber: 1, archivedVersionNumber: 2 });
    expect((await versionRow(tool.versionId)).state).toBe("active");
    expect((await versionRow(v2.versionId)).state).toBe("archived");
    const [row] = await getDb().select().from(tools).where(eq(tools.id, tool.id));
    expect(row!.activeVersionId).toBe(tool.versionId);
    expect(await auditFor("version.rolled_back", tool.versionId)).toHaveLength(1);
    const draft = await saveOnHead(alice.actor, tool.id, SCRIPT("tre"));
    await refused(rollbackVersion({ actor: admin.actor, input: { versionId: draft.versionId } }), "CONFLICT");
  });
});

describe("Katalogen: uppgifter och publicering (admin)", () => {
  it("refuses to publish a tool and names each missing requirement, then publishes and depublishes it", async () => {
    const tool = await newTool(alice.actor, "!!");
    const refusal = await refused(setToolPublished({ actor: admin.actor, input: { toolId: tool.id, published: true } }), "VALIDATION");
    expect(refusal.message).toMatch(/aktiv\) version/);
    expect(refusal.message).toMatch(/riktig adress/);
    expect(refusal.message).toMatch(/minst en yrkesroll/);
    expect(refusal.message).toMatch(/minst en kategori/);

    await submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: "ett" } });
    await publishVersion({ actor: admin.actor, input: { versionId: tool.versionId } });
    const slug = `riktig-adress-${Date.now()}`;
    await updateToolMetadata({ actor: admin.actor, input: { toolId: tool.id, slug, title: "Riktigt verktyg", summary: "Gör nytta.", professions: ["larare"], categories: [] } });
    const onlyCategory = await refused(setToolPublished({ actor: admin.actor, input: { toolId: tool.id, published: true } }), "VALIDATION");
    expect(onlyCategory.message).toBe("Verktyget kan inte publiceras i katalogen än. Det saknar minst en kategori.");

    await updateToolMetadata({ actor: admin.actor, input: { toolId: tool.id, slug, title: "Riktigt verktyg", summary: "Gör nytta.", professions: ["larare"], categories: ["ovrigt"] } });
    await refused(setToolPublished({ actor: alice.actor, input: { toolId: tool.id, published: true } }), "FORBIDDEN");
    await setToolPublished({ actor: admin.actor, input: { toolId: tool.id, published: true } });
    expect((await listCatalog({ actor: user.actor, input: { query: "Riktigt verktyg" } })).tools.map((t) => t.slug)).toContain(slug);
    expect(await auditFor("tool.published", tool.id)).toHaveLength(1);

    await setToolPublished({ actor: admin.actor, input: { toolId: tool.id, published: false } });
    expect((await listCatalog({ actor: user.actor, input: { query: "Riktigt verktyg" } })).tools.map((t) => t.slug)).not.toContain(slug);
    expect(await auditFor("tool.depublished", tool.id)).toHaveLength(1);
  });

  it("freezes the slug while published, keeps slugs unique and valid, and audits what changed", async () => {
    const tool = await publishedTool();
    const other = await newTool(alice.actor);
    const base = { toolId: tool.id, title: "Titel", summary: "", professions: ["larare"], categories: ["administration"] };
    await refused(updateToolMetadata({ actor: admin.actor, input: { ...base, slug: other.slug } }), "CONFLICT", /används redan/);
    await refused(updateToolMetadata({ actor: admin.actor, input: { ...base, slug: "Inte Giltig" } }), "VALIDATION");
    await refused(updateToolMetadata({ actor: alice.actor, input: { ...base, slug: tool.slug } }), "FORBIDDEN");
    const fresh = `frusen-${Date.now()}`;
    const changed = await updateToolMetadata({ actor: admin.actor, input: { ...base, slug: fresh } });
    expect(changed.changed.sort()).toEqual(["categories", "professions", "slug", "summary", "title"]);
    const [event] = await auditFor("tool.metadata_changed", tool.id);
    expect(event).toMatchObject({ before: expect.objectContaining({ slug: tool.slug, professions: [] }), after: expect.objectContaining({ slug: fresh, professions: ["larare"] }) });
    await setToolPublished({ actor: admin.actor, input: { toolId: tool.id, published: true } });
    await refused(updateToolMetadata({ actor: admin.actor, input: { ...base, slug: `${fresh}-ny` } }), "CONFLICT", /kan inte ändras medan/);
    await refused(updateToolMetadata({ actor: admin.actor, input: { ...base, slug: fresh, professions: [] } }), "VALIDATION", /minst en yrkesroll/);
    // Title and taxonomy may change while published.
    await updateToolMetadata({ actor: admin.actor, input: { ...base, slug: fresh, title: "Ny titel", categories: ["administration", "ovrigt"] } });
    expect((await getDb().select().from(toolCategories).where(eq(toolCategories.toolId, tool.id))).map((c) => c.categorySlug).sort()).toEqual(["administration", "ovrigt"]);
    expect((await getDb().select().from(toolProfessions).where(eq(toolProfessions.toolId, tool.id))).map((p) => p.professionSlug)).toEqual(["larare"]);
  });
});

describe("Katalogen: sökning", () => {
  /** A tool in the Katalog with these texts and taxonomy, through the real steps. */
  async function catalogTool(title: string, summary: string, taxonomy: { professions?: string[]; categories?: string[] } = {}) {
    const tool = await publishedTool();
    const slug = `sok-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const professions = taxonomy.professions ?? ["larare"];
    const categories = taxonomy.categories ?? ["ovrigt"];
    await updateToolMetadata({ actor: admin.actor, input: { toolId: tool.id, slug, title, summary, professions, categories } });
    await setToolPublished({ actor: admin.actor, input: { toolId: tool.id, published: true } });
    return slug;
  }
  const search = (query: string) => listCatalog({ actor: user.actor, input: { query } });
  const slugsFor = async (query: string) => (await search(query)).tools.map((t) => t.slug);
  /** A word that occurs in no other tool (ends in a digit, so it is never stemmed). */
  const uniqueWord = () => `zq${Date.now()}${Math.floor(Math.random() * 1000)}`;

  it("matches every word on its own, anywhere in the text, hyphens ignored on both sides", async () => {
    const bcc = await catalogTool("Vårdnadshavares e-post till Bcc", "Plockar ut vårdnadshavarnas e-postadresser ur klasslistor till en färdig rad att klistra in i Bcc.");
    const plain = await catalogTool("Utskick med epostlista", "Gör en lista att skicka från.");
    for (const query of ["vårdnadshavare e-post", "epost", "E-POST bcc", "e-post vårdnadshavare"]) expect(await slugsFor(query), query).toContain(bcc);
    for (const query of ["e-postlista", "epostlista", "e-post-lista"]) expect(await slugsFor(query), query).toContain(plain);
    expect(await slugsFor("vårdnadshavare epostlista")).not.toContain(bcc);
  });

  it("stems longer Swedish words lightly, so singular and plural find each other", async () => {
    const merge = await catalogTool("Sammanfoga klasslistor", "Slår ihop flera till en enda lista.");
    const single = await catalogTool("Slumpa ur klasslistan", "Drar en elev i taget.");
    for (const query of ["klasslista", "klasslistor", "klasslistorna", "Klasslistan"]) expect(await slugsFor(query), query).toEqual(expect.arrayContaining([merge, single]));
    expect(await slugsFor("sammanfoga klasslista")).toContain(merge);
    expect(await slugsFor("sammanfoga klasslista")).not.toContain(single);
  });

  it("searches the Swedish labels of the tool's professions and categories too", async () => {
    const word = uniqueWord();
    const slug = await catalogTool(`Verktyg ${word}`, "Något helt annat.", { professions: ["specialpedagog", "rektor"], categories: ["mentorskap"] });
    expect(await slugsFor(`${word} specialpedagog`)).toEqual([slug]);
    expect(await slugsFor(`rektor ${word} mentorskap`)).toEqual([slug]);
    expect(await slugsFor(`${word} lektionsplanering`)).toEqual([]);
  });

  it("needs every word: two words that match only together find nothing when one is missing", async () => {
    const first = uniqueWord();
    const second = uniqueWord();
    const slug = await catalogTool(`Tabell ${first}`, `Räknar ihop ${second} per klass.`);
    const both = await search(`${second} ${first}`);
    expect(both.tools.map((t) => t.slug)).toEqual([slug]);
    expect(both.total).toBe(1);
    const one = await search(`${first} ${uniqueWord()}`);
    expect(one.tools).toEqual([]);
    expect(one.total).toBe(0);
    expect(await slugsFor(`${second} närvaro`)).toEqual([]);
  });

  it("takes % and _ typed by the user literally", async () => {
    const word = uniqueWord();
    const percent = await catalogTool(`Andel 100% ${word}`, "Visar andelen.");
    const plain = await catalogTool(`Andel 100 procent ${word}`, "Visar andelen.");
    expect(await slugsFor(`% ${word}`)).toEqual([percent]);
    expect(await slugsFor(`100% ${word}`)).toEqual([percent]);
    expect((await slugsFor(`100 ${word}`)).sort()).toEqual([percent, plain].sort());
    expect(await slugsFor(`1_0 ${word}`)).toEqual([]);
  });
});

describe("Underhållare (admin)", () => {
  it("adds a contributor (who then sees the tool) and removes them (who then does not), with audit events", async () => {
    const tool = await newTool(alice.actor);
    await refused(getTestArea({ actor: bob.actor, input: { toolId: tool.id } }), "NOT_FOUND");
    await refused(addMaintainer({ actor: alice.actor, input: { toolId: tool.id, email: bob.user.email } }), "FORBIDDEN");
    await refused(addMaintainer({ actor: admin.actor, input: { toolId: tool.id, email: user.user.email } }), "VALIDATION", /Bara bidragsgivare/);
    await refused(addMaintainer({ actor: admin.actor, input: { toolId: tool.id, email: "ingen@test.skriptoteket" } }), "VALIDATION", /inget konto/);
    expect(await addMaintainer({ actor: admin.actor, input: { toolId: tool.id, email: bob.user.email.toUpperCase() } })).toMatchObject({ added: true });
    expect(await addMaintainer({ actor: admin.actor, input: { toolId: tool.id, email: bob.user.email } })).toMatchObject({ added: false });
    expect((await getTestArea({ actor: bob.actor, input: { toolId: tool.id } })).maintainers.map((m) => m.userId).sort()).toEqual([alice.user.id, bob.user.id].sort());
    expect((await saveOnHead(bob.actor, tool.id, SCRIPT("bob"))).versionNumber).toBe(2);
    expect(await auditFor("tool.maintainer_added", tool.id)).toHaveLength(1);

    await removeMaintainer({ actor: admin.actor, input: { toolId: tool.id, userId: bob.user.id } });
    await refused(getTestArea({ actor: bob.actor, input: { toolId: tool.id } }), "NOT_FOUND");
    await refused(removeMaintainer({ actor: admin.actor, input: { toolId: tool.id, userId: bob.user.id } }), "NOT_FOUND");
    await refused(removeMaintainer({ actor: admin.actor, input: { toolId: tool.id, userId: alice.user.id } }), "CONFLICT", /minst en underhållare/);
    expect(await auditFor("tool.maintainer_removed", tool.id)).toHaveLength(1);
  });

  it("a maintainer demoted to user loses the Testyta at once", async () => {
    const carl = (await people()).alice;
    const tool = await newTool(carl.actor);
    await setUserRole({ actor: admin.actor, input: { userId: carl.user.id, role: "user" } });
    await refused(getTestArea({ actor: { ...carl.actor, role: "user" } as typeof carl.actor, input: { toolId: tool.id } }), "FORBIDDEN");
  });
});
