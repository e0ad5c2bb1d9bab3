/**
 * Races, with real Postgres and real concurrent transactions: two editors saving on the same
 * head (one wins, the other gets a conflict), two admins publishing the same version, and
 * publishes and rollbacks racing readers that must never see two active versions or none.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { publishVersion } from "@/server/services/publish-version";
import { rollbackVersion } from "@/server/services/rollback-version";
import { saveDraft } from "@/server/services/save-draft";
import { ServiceError } from "@/server/services/service-error";
import { submitVersion } from "@/server/services/submit-version";
import { newTool, people, saveOnHead, SCRIPT, versionsOf, type Person } from "./support";

let alice: Person, admin: Person, admin2: Person;

beforeAll(async () => {
  const crowd = await people();
  alice = crowd.alice;
  admin = crowd.admin;
  admin2 = (await people()).admin;
});

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: unknown) => (error instanceof ServiceError ? error.code : `crash: ${String(error)}`),
  );

describe("concurrent saves", () => {
  it("of ten editors on the same head, exactly one wins and nine get a conflict", async () => {
    const tool = await newTool(alice.actor);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        outcome(
          saveDraft({
            actor: alice.actor,
            input: { toolId: tool.id, parentVersionId: tool.versionId, sourceCode: SCRIPT(`redaktör ${i}`), entrypoint: "run_tool", inputSchema: [], settingsSchema: [], usageInstructions: "" },
          }),
        ),
      ),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.filter((r) => r === "CONFLICT")).toHaveLength(9);
    const versions = await versionsOf(tool.id);
    expect(versions.map((v) => v.versionNumber)).toEqual([1, 2]);
    expect(versions[1]!.parentVersionId).toBe(tool.versionId);
  });
});

describe("publishing is atomic", () => {
  it("two admins publishing the same version: one publishes, the other is told it is no longer in review", async () => {
    const tool = await newTool(alice.actor);
    await submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: "ett" } });
    const results = await Promise.all([outcome(publishVersion({ actor: admin.actor, input: { versionId: tool.versionId } })), outcome(publishVersion({ actor: admin2.actor, input: { versionId: tool.versionId } }))]);
    expect(results.sort()).toEqual(["CONFLICT", "ok"]);
  });

  it("never shows two active versions or none while publishes and rollbacks race readers", async () => {
    const tool = await newTool(alice.actor);
    await submitVersion({ actor: alice.actor, input: { versionId: tool.versionId, changeSummary: "v1" } });
    await publishVersion({ actor: admin.actor, input: { versionId: tool.versionId } });
    // Versions 2–6 published one after the other: 1–5 archived (all once published), 6 active.
    const published = [tool.versionId];
    for (let n = 2; n <= 6; n++) {
      const saved = await saveOnHead(alice.actor, tool.id, SCRIPT(`v${n}`));
      await submitVersion({ actor: alice.actor, input: { versionId: saved.versionId, changeSummary: `v${n}` } });
      await publishVersion({ actor: admin.actor, input: { versionId: saved.versionId } });
      published.push(saved.versionId);
    }
    const next = await saveOnHead(alice.actor, tool.id, SCRIPT("v7"));
    await submitVersion({ actor: alice.actor, input: { versionId: next.versionId, changeSummary: "v7" } });

    // One statement, one snapshot: how many active versions, and does the tool point at one of them?
    const db = getDb();
    const observe = async () => {
      const rows = await db.execute<{ active: number; pointer_state: string | null }>(sql`
        select (select count(*)::int from tool_versions v where v.tool_id = t.id and v.state = 'active') as active,
               (select v.state::text from tool_versions v where v.id = t.active_version_id) as pointer_state
        from tools t where t.id = ${tool.id}`);
      return rows[0]!;
    };
    const seen: { active: number; pointer_state: string | null }[] = [];
    let racing = true;
    const readers = Array.from({ length: 3 }, async () => {
      while (racing) seen.push(await observe());
    });

    const changes = [
      ...Array.from({ length: 40 }, (_, i) => outcome(rollbackVersion({ actor: i % 2 ? admin.actor : admin2.actor, input: { versionId: published[i % published.length]! } }))),
      outcome(publishVersion({ actor: admin.actor, input: { versionId: next.versionId } })),
    ];
    const results = await Promise.all(changes);
    racing = false;
    await Promise.all(readers);

    // Rolling back to the version that is active at that moment is refused; nothing crashed.
    expect(results.every((r) => r === "ok" || r === "CONFLICT"), results.join(", ")).toBe(true);
    expect(results.at(-1)).toBe("ok");
    expect(seen.length).toBeGreaterThan(20);
    for (const observation of seen) expect(observation).toEqual({ active: 1, pointer_state: "active" });
    expect(await observe()).toEqual({ active: 1, pointer_state: "active" });
  });
});
