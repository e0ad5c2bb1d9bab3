/**
 * Favourites are private (only the actor's own are read or changed, whatever the input says),
 * only a Katalog tool can be starred, "Bara favoriter" lists the actor's own, and Hem gathers
 * each person's own things in a handful of queries.
 */
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db/client";
import { toolFavorites, toolRuns, toolVersions } from "@/server/db/schema";
import type { Actor } from "@/server/services/actor";
import { createPublishedTool, createTestTool, createTestUser } from "../../support/db";

const SOURCE = "def run_tool(i, o):\n    return 'ok'\n";
const caller = (actor: Actor | null) => createCaller({ actor });

async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

describe("favourites", () => {
  it("are private: another user neither sees nor changes them", async () => {
    const owner = await createTestUser("admin");
    const { tool } = await createPublishedTool(owner.user.id, SOURCE, { title: "Favoritverktyg" });
    const teacher = await createTestUser("user");
    const other = await createTestUser("user");

    await caller(teacher.actor).me.setFavorite({ toolId: tool.id, favorite: true });
    await caller(teacher.actor).me.setFavorite({ toolId: tool.id, favorite: true }); // twice is fine
    expect((await caller(teacher.actor).me.favoriteToolIds()).toolIds).toEqual([tool.id]);
    expect((await caller(other.actor).me.favoriteToolIds()).toolIds).toEqual([]);

    // The other user "unstars" the same tool, even naming the teacher in the input: the key is
    // always the caller's own id, so the teacher's star stays.
    await caller(other.actor).me.setFavorite({ toolId: tool.id, favorite: false, userId: teacher.user.id } as never);
    expect((await caller(teacher.actor).me.favoriteToolIds()).toolIds).toEqual([tool.id]);
    const rows = await getDb().select().from(toolFavorites).where(eq(toolFavorites.toolId, tool.id));
    expect(rows.map((row) => row.userId)).toEqual([teacher.user.id]);

    // Bara favoriter: each person gets their own.
    const mine = await caller(teacher.actor).tool.catalog({ query: "Favoritverktyg", onlyFavorites: true });
    expect(mine.tools.map((row) => row.id)).toEqual([tool.id]);
    const theirs = await caller(other.actor).tool.catalog({ query: "Favoritverktyg", onlyFavorites: true });
    expect(theirs.tools).toEqual([]);
    expect(theirs.total).toBe(0);

    await caller(teacher.actor).me.setFavorite({ toolId: tool.id, favorite: false });
    expect((await caller(teacher.actor).me.favoriteToolIds()).toolIds).toEqual([]);
  });

  it("only a tool in the Katalog can be starred; anonymous callers are refused", async () => {
    const contributor = await createTestUser("contributor");
    const { tool: draft } = await createTestTool(contributor.user.id, SOURCE);
    const teacher = await createTestUser("user");
    expect(await refusal(caller(teacher.actor).me.setFavorite({ toolId: draft.id, favorite: true }))).toBe("NOT_FOUND");
    expect(await refusal(caller(teacher.actor).me.setFavorite({ toolId: crypto.randomUUID(), favorite: true }))).toBe("NOT_FOUND");
    expect(await refusal(caller(null).me.setFavorite({ toolId: draft.id, favorite: true }))).toBe("UNAUTHORIZED");
    expect(await refusal(caller(null).me.favoriteToolIds())).toBe("UNAUTHORIZED");
  });
});

describe("Hem", () => {
  it("shows a teacher their favourites, recent tools, latest runs and the interactive tool left halfway — nobody else's", async () => {
    const owner = await createTestUser("contributor");
    const { tool: plain, version: plainVersion } = await createPublishedTool(owner.user.id, SOURCE, { title: "Hem vanligt" });
    const { tool: stepwise, version: stepVersion } = await createPublishedTool(owner.user.id, SOURCE, { title: "Hem stegvis" });
    const teacher = await createTestUser("user");
    const other = await createTestUser("user");
    const db = getDb();
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    const run = (values: Partial<typeof toolRuns.$inferInsert> & { toolId: string; versionId: string; userId: string }) =>
      db.insert(toolRuns).values({ context: "production", status: "succeeded", ...values }).returning({ id: toolRuns.id });

    const [halfway] = await run({ toolId: stepwise.id, versionId: stepVersion.id, userId: teacher.user.id, queuedAt: at(30), finishedAt: at(29), uiPayload: { outputs: [], next_actions: [{ action_id: "next", label: "Nästa", fields: [] }] } });
    const [failed] = await run({ toolId: plain.id, versionId: plainVersion.id, userId: teacher.user.id, status: "failed", queuedAt: at(10), finishedAt: at(9), errorSummary: "x" });
    // Someone else's runs never show.
    await run({ toolId: plain.id, versionId: plainVersion.id, userId: other.user.id, queuedAt: at(1), finishedAt: at(1), uiPayload: { outputs: [], next_actions: [{ action_id: "a", label: "A", fields: [] }] } });
    await caller(teacher.actor).me.setFavorite({ toolId: plain.id, favorite: true });
    await caller(other.actor).me.setFavorite({ toolId: stepwise.id, favorite: true });

    const home = await caller(teacher.actor).me.home();
    expect(home.favorites.map((tool) => tool.title)).toEqual(["Hem vanligt"]);
    expect(home.recentTools.map((tool) => tool.title)).toEqual(["Hem vanligt", "Hem stegvis"]);
    expect(home.latestRuns.map((row) => [row.id, row.status])).toEqual([
      [failed!.id, "failed"],
      [halfway!.id, "succeeded"],
    ]);
    expect(home.continueRuns).toEqual([expect.objectContaining({ runId: halfway!.id, toolSlug: stepwise.slug })]);
    expect(home.attention).toBeNull();
    expect(home.review).toBeNull();

    // A later finished run without next actions means the tool is done: no Fortsätt (the tool page's rule).
    await run({ toolId: stepwise.id, versionId: stepVersion.id, userId: teacher.user.id, queuedAt: at(5), finishedAt: at(4), uiPayload: { outputs: [], next_actions: [] } });
    expect((await caller(teacher.actor).me.home()).continueRuns).toEqual([]);

    const fresh = await createTestUser("user");
    const empty = await caller(fresh.actor).me.home();
    expect(empty).toMatchObject({ favorites: [], recentTools: [], latestRuns: [], continueRuns: [] });

    // The maintainer sees the failed run of their tool; an admin the review queue.
    const maintainer = await caller(owner.actor).me.home();
    expect(maintainer.attention?.failedRuns).toEqual([expect.objectContaining({ toolId: plain.id, failedCount: 1 })]);
    const admin = await createTestUser("admin");
    const { tool: reviewed } = await createTestTool(owner.user.id, SOURCE);
    await db.update(toolVersions).set({ state: "in_review", submittedAt: new Date(), submittedBy: owner.user.id }).where(eq(toolVersions.toolId, reviewed.id));
    const adminHome = await caller(admin.actor).me.home();
    const { count } = await caller(admin.actor).review.pendingCount();
    expect(adminHome.review?.total).toBe(count);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(await refusal(caller(teacher.actor).review.pendingCount())).toBe("FORBIDDEN");
  });
});
