/**
 * A teacher's run that crashed reaches the people who can fix it: Mina verktyg shows the
 * maintainers their tools' failed runs (count, latest error, traceback from stderr), and the
 * run itself names the maintainers (names only) for the teacher. Real Postgres, the services.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { toolRuns } from "@/server/db/schema";
import { buildRunView } from "@/server/services/get-run";
import { getHome } from "@/server/services/get-home";
import { listMyTools } from "@/server/services/list-my-tools";
import { newTool, people, type Person } from "./support";

let alice: Person, bob: Person, user: Person;

beforeAll(async () => {
  ({ alice, bob, user } = await people());
});

const STDERR = 'Läste filen\nTraceback (most recent call last):\n  File "/work/script.py", line 4, in run_tool\n    rad["Namn"]\nKeyError: \'Namn\'\n';

/** A finished production run as the worker stores it when the runner reports a crash. */
async function failedRun(toolId: string, versionId: string, minutesAgo: number, extra: Partial<typeof toolRuns.$inferInsert> = {}) {
  const at = new Date(Date.now() - minutesAgo * 60_000);
  const [run] = await getDb()
    .insert(toolRuns)
    .values({ toolId, versionId, context: "production", userId: user.user.id, status: "failed", queuedAt: at, startedAt: at, finishedAt: at, errorSummary: "Tool execution failed (KeyError).", stderr: STDERR, exitCode: 1, ...extra })
    .returning();
  return run!;
}

describe("failed runs", () => {
  it("mean the same on Hem and in Mina verktyg: failed or timed out in the last week, not yet purged", async () => {
    const tool = await newTool(alice.actor);
    await failedRun(tool.id, tool.versionId, 60);
    await failedRun(tool.id, tool.versionId, 30, { status: "timed_out", errorSummary: "Verktyget tog för lång tid." });
    await failedRun(tool.id, tool.versionId, 8 * 24 * 60); // older than the week
    await failedRun(tool.id, tool.versionId, 10, { purgedAt: new Date(), errorSummary: null, stderr: "" }); // its error is gone
    await failedRun(tool.id, tool.versionId, 5, { status: "succeeded", errorSummary: null });

    const mine = (await listMyTools({ actor: alice.actor })).tools.find((t) => t.id === tool.id);
    expect(mine?.failedRuns).toMatchObject({ count: 2, windowDays: 7, latestError: "Verktyget tog för lång tid." });
    const home = await getHome({ actor: alice.actor });
    expect(home.attention?.failedRunWindowDays).toBe(7);
    expect(home.attention?.failedRuns.find((row) => row.toolId === tool.id)?.failedCount).toBe(2);
  });

  it("are counted for the tool's maintainers with the latest error and its traceback; other contributors see nothing", async () => {
    const tool = await newTool(alice.actor);
    await failedRun(tool.id, tool.versionId, 60);
    const latest = await failedRun(tool.id, tool.versionId, 5);

    const mine = (await listMyTools({ actor: alice.actor })).tools.find((t) => t.id === tool.id);
    expect(mine?.failedRuns).toMatchObject({ count: 2, windowDays: 7, latestError: "Tool execution failed (KeyError)." });
    expect(mine?.failedRuns?.latestAt?.getTime()).toBe(latest.finishedAt!.getTime());
    expect(mine?.failedRuns?.traceback).toMatch(/^Traceback \(most recent call last\):[\s\S]*KeyError: 'Namn'$/);
    expect((await listMyTools({ actor: bob.actor })).tools.find((t) => t.id === tool.id)).toBeUndefined();

    const view = await buildRunView(getDb(), latest);
    expect(view.errorSummary).toBe("Tool execution failed (KeyError).");
    expect(view.maintainerNames).toEqual([alice.user.displayName]);
    // A teacher's view never carries the run's stderr.
    expect(view.logs).toBeNull();
  });
});
