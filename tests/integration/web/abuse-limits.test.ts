/**
 * One person cannot fill the queue every other teacher waits in, over real HTTP against the
 * built app: a tRPC batch of 40 `run.rerun` calls is refused, 40 parallel requests cannot race
 * past the per-user limit of active runs (RUN_MAX_ACTIVE_PER_USER), the refusal says in Swedish
 * why and when to try again — and another teacher's KÖR is still queued at once. Oversized
 * request bodies are refused before they are read. No worker runs here, so runs stay queued —
 * until the end, where they are cancelled and their jobs dropped: a later file's worker in this
 * database would otherwise run them and move its counters.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../src/server/db/client";
import { toolRuns } from "../../../src/server/db/schema";
import { dequeueRun } from "../../../src/server/execution/queue";
import { createPublishedTool, createTestUser } from "../../support/db";
import { logInOverHttp, startWebServer, type WebServer } from "../../support/web-server";

const LIMIT = 3;
const TOOL = `
def run_tool(input_dir, output_dir):
    return "klart"
`;

let server: WebServer;
let artifactsRoot: string;
let slug: string;
let toolId: string;

beforeAll(async () => {
  artifactsRoot = fs.mkdtempSync(path.join(os.tmpdir(), "abuse-limits-"));
  server = await startWebServer({ databaseUrl: process.env.DATABASE_URL!, artifactsRoot, env: { RUN_MAX_ACTIVE_PER_USER: String(LIMIT) } });
  const owner = await createTestUser("admin");
  ({ slug, id: toolId } = (await createPublishedTool(owner.user.id, TOOL)).tool);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (toolId) {
    await getDb().transaction(async (tx) => {
      const left = await tx.update(toolRuns).set({ status: "cancelled", finishedAt: new Date() }).where(and(eq(toolRuns.toolId, toolId), eq(toolRuns.status, "queued"))).returning({ id: toolRuns.id });
      for (const run of left) await dequeueRun(tx, run.id);
    });
  }
  fs.rmSync(artifactsRoot, { recursive: true, force: true });
});

async function teacher() {
  const person = await createTestUser("user");
  return { id: person.user.id, cookie: await logInOverHttp(server.url, person.user.email, person.password) };
}

async function kor(cookie: string) {
  const body = new FormData();
  body.append("slug", slug);
  body.append("values", "{}");
  const response = await fetch(`${server.url}/api/runs`, { method: "POST", body, headers: { cookie, origin: server.url } });
  return { status: response.status, json: (await response.json()) as { runId?: string; error?: { code: string; message: string } } };
}

type BatchItem = { result?: unknown; error?: { json: { message: string; data: { code: string; httpStatus: number } } } };

async function trpcMutationBatch(cookie: string, procedure: string, inputs: unknown[]) {
  const paths = inputs.map(() => procedure).join(",");
  const body = Object.fromEntries(inputs.map((input, index) => [String(index), { json: input }]));
  const response = await fetch(`${server.url}/api/trpc/${paths}?batch=1`, {
    method: "POST",
    headers: { cookie, origin: server.url, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, items: (() => { try { return JSON.parse(text) as BatchItem[] | BatchItem; } catch { return text; } })() };
}

async function activeRuns(userId: string) {
  return getDb().select({ id: toolRuns.id }).from(toolRuns).where(and(eq(toolRuns.userId, userId), inArray(toolRuns.status, ["queued", "running"])));
}

describe("one user cannot flood the queue", () => {
  it("refuses a tRPC batch of 40 run.rerun calls without queueing any of them", async () => {
    const alice = await teacher();
    const first = await kor(alice.cookie);
    expect(first.status).toBe(201);

    const batch = await trpcMutationBatch(alice.cookie, "run.rerun", Array.from({ length: 40 }, () => ({ runId: first.json.runId })));
    expect(batch.status).toBe(400);
    expect(await activeRuns(alice.id)).toHaveLength(1);
  });

  it("caps queued + running runs per user, in a batch and in parallel requests, with a Swedish reason; another teacher still runs at once", async () => {
    const alice = await teacher();
    const first = await kor(alice.cookie);
    expect(first.status).toBe(201);

    // A batch of 10 (the largest allowed): only LIMIT - 1 more are queued.
    const batch = await trpcMutationBatch(alice.cookie, "run.rerun", Array.from({ length: 10 }, () => ({ runId: first.json.runId })));
    const items = batch.items as BatchItem[];
    expect(items).toHaveLength(10);
    expect(items.filter((item) => item.result)).toHaveLength(LIMIT - 1);
    const refusals = items.filter((item) => item.error);
    expect(refusals).toHaveLength(10 - (LIMIT - 1));
    for (const refusal of refusals) {
      expect(refusal.error!.json.data.code).toBe("TOO_MANY_REQUESTS");
      expect(refusal.error!.json.data.httpStatus).toBe(429);
      expect(refusal.error!.json.message).toContain(`Du har redan ${LIMIT} körningar i kön eller igång`);
      expect(refusal.error!.json.message).toContain("försök sedan igen");
    }
    expect(await activeRuns(alice.id)).toHaveLength(LIMIT);

    // The refusal over the upload route: same reason, and 429.
    const refused = await kor(alice.cookie);
    expect(refused.status).toBe(429);
    expect(refused.json.error?.code).toBe("RATE_LIMITED");
    expect(refused.json.error?.message).toContain("Vänta tills en av dem är klar");

    // Bob is not held up by Alice.
    const bob = await teacher();
    const bobsRun = await kor(bob.cookie);
    expect(bobsRun.status).toBe(201);
    expect(await activeRuns(bob.id)).toHaveLength(1);

    // Once one of Alice's runs is over, she may queue one more.
    await getDb().update(toolRuns).set({ status: "cancelled", finishedAt: new Date() }).where(eq(toolRuns.id, first.json.runId!));
    expect((await kor(alice.cookie)).status).toBe(201);
    expect((await kor(alice.cookie)).status).toBe(429);
  });

  it("lets no parallel requests race past the limit (KÖR and Kör igen mixed)", async () => {
    const carol = await teacher();
    const first = await kor(carol.cookie);
    expect(first.status).toBe(201);
    const statuses = await Promise.all(
      Array.from({ length: 39 }, (_, i) =>
        i % 2 ? kor(carol.cookie).then((r) => r.status) : trpcMutationBatch(carol.cookie, "run.rerun", [{ runId: first.json.runId }]).then((r) => r.status),
      ),
    );
    expect(statuses.filter((status) => status === 201 || status === 200)).toHaveLength(LIMIT - 1);
    expect(statuses.filter((status) => status === 429)).toHaveLength(39 - (LIMIT - 1));
    expect(await activeRuns(carol.id)).toHaveLength(LIMIT);
  });

  it("refuses request bodies over HTTP_MAX_BODY_BYTES before reading them", async () => {
    const alice = await teacher();
    const huge = JSON.stringify({ 0: { json: { runId: "x".repeat(3 * 1024 * 1024) } } });
    const response = await fetch(`${server.url}/api/trpc/run.rerun?batch=1`, {
      method: "POST",
      headers: { cookie: alice.cookie, origin: server.url, "content-type": "application/json" },
      body: huge,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe("Förfrågan är för stor och avvisades.");

    const signIn = await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
      body: `email=a%40b.se&password=${"x".repeat(3 * 1024 * 1024)}`,
    });
    expect(signIn.status).toBe(413);
  });
});
