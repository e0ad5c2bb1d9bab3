/**
 * The authorization matrix: every tRPC procedure × {anonymous, user, contributor, admin}.
 *
 * HOW TO ADD A ROW (a new procedure fails the "every procedure has a row" test until you do):
 *   "tool.create": {
 *     minRole: "contributor",                       // "public" | "user" | "contributor" | "admin"
 *     input: async ({ fresh }) => ({ title: "x" }), // valid sample input; omit for no input
 *   },
 * - `input` runs once per call, so make mutations target fresh things (`fresh.user()` gives a
 *   new user row; add fixture makers to `Fixtures` for tools, versions, runs…). A row must never
 *   change state another row depends on.
 * - Below `minRole` the call must fail UNAUTHORIZED (anonymous) or FORBIDDEN (too low a role);
 *   at or above it, any outcome but those two passes (NOT_FOUND or BAD_REQUEST from sample input
 *   is fine — this matrix is about the gate, not the feature).
 * - Where DOMAIN.md says "not found, never forbidden" (unpublished tools, other people's runs),
 *   override per audience: `expect: { user: "NOT_FOUND", contributor: "NOT_FOUND" }`. An
 *   expectation is "allowed" or a tRPC error code; unset audiences follow `minRole`.
 */
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { ROLES, type Role, type VersionState } from "@/lib/domain";
import { getDb } from "@/server/db/client";
import { toolVersions } from "@/server/db/schema";
import { appRouter, createCaller } from "@/server/api/root";
import type { Actor } from "@/server/services/actor";
import { createTestTool, createTestUser, uniqueEmail } from "../../support/db";

type Audience = "anonymous" | Role;
const AUDIENCES: readonly Audience[] = ["anonymous", ...ROLES];

type Expectation = "allowed" | TRPCError["code"];

type Fixtures = {
  /** The caller of this row (null for anonymous). */
  actor: Actor | null;
  fresh: {
    user: (role?: Role) => Promise<{ id: string; email: string }>;
    /** A tool owned and maintained by another contributor (so the row's contributor does not maintain it). */
    tool: (state?: VersionState) => Promise<{ id: string; versionId: string }>;
  };
};

type Row = {
  minRole: "public" | Role;
  input?: (fixtures: Fixtures) => unknown;
  expect?: Partial<Record<Audience, Expectation>>;
};

const MATRIX: Record<string, Row> = {
  "me.get": { minRole: "user" },
  "me.home": { minRole: "user" },
  "me.favoriteToolIds": { minRole: "user" },
  "me.setFavorite": { minRole: "user", input: async ({ fresh }) => ({ toolId: (await fresh.tool("active")).id, favorite: false }) },
  "me.updateProfile": { minRole: "user", input: () => ({ displayName: "Matrisnamn" }) },

  "admin.listUsers": { minRole: "admin", input: () => ({ query: "matrix", page: 1 }) },
  "admin.listAuditEvents": { minRole: "admin", input: () => ({ page: 1 }) },
  "admin.createUser": {
    minRole: "admin",
    input: () => ({ email: uniqueEmail("matrix-new"), displayName: "Ny", role: "user", password: "long-enough-password" }),
  },
  "admin.setUserRole": { minRole: "admin", input: async ({ fresh }) => ({ userId: (await fresh.user()).id, role: "contributor" }) },
  "admin.setUserActive": { minRole: "admin", input: async ({ fresh }) => ({ userId: (await fresh.user()).id, active: false }) },
  "admin.setUserPassword": {
    minRole: "admin",
    input: async ({ fresh }) => ({ userId: (await fresh.user()).id, password: "another-long-password" }),
  },
  "admin.unlockUser": { minRole: "admin", input: async ({ fresh }) => ({ userId: (await fresh.user()).id }) },
  "admin.eraseUserData": { minRole: "admin", input: async ({ fresh }) => ({ userId: (await fresh.user()).id }) },
  "admin.getDrift": { minRole: "admin" },

  // Föreslå verktyg: anyone suggests and sees their own; only admins see all and decide.
  "suggestion.create": { minRole: "user", input: () => ({ title: "Matrisförslag", description: "Ett verktyg som gör något nyttigt för klassen." }) },
  "suggestion.mine": { minRole: "user" },
  "suggestion.list": { minRole: "admin" },
  "suggestion.decide": { minRole: "admin", input: () => ({ decision: "decline", suggestionId: crypto.randomUUID(), note: "Finns redan." }) },

  // Katalog and KÖR (KÖR itself is the POST /api/runs route, tested in tests/integration/runs).
  "tool.catalog": { minRole: "user", input: () => ({ query: "matrix" }) },
  "tool.page": { minRole: "user", input: () => ({ slug: "no-such-tool" }) },
  "tool.saveSettings": { minRole: "user", input: () => ({ slug: "no-such-tool", values: {} }) },
  "tool.runWithSavedFiles": { minRole: "user", input: () => ({ slug: "no-such-tool", values: {}, fromRunId: crypto.randomUUID() }) },
  "tool.forgetSavedFiles": { minRole: "user", input: () => ({ slug: "no-such-tool" }) },
  "tool.markInstructionsSeen": { minRole: "user", input: () => ({ slug: "no-such-tool", instructionsHash: "0".repeat(64) }) },
  // Someone else's run answers NOT_FOUND for everyone but admins (tests/integration/runs).
  "run.get": { minRole: "user", input: () => ({ runId: crypto.randomUUID() }) },
  "run.listMine": { minRole: "user", input: () => ({ page: 1 }) },
  "run.cancel": { minRole: "user", input: () => ({ runId: crypto.randomUUID() }) },
  "run.delete": { minRole: "user", input: () => ({ runId: crypto.randomUUID() }) },
  "run.rerun": { minRole: "user", input: () => ({ runId: crypto.randomUUID() }) },
  "run.action": { minRole: "user", input: () => ({ slug: "no-such-tool", actionId: "next", values: {}, stateRevision: 0 }) },
  "run.watch": { minRole: "user", input: () => ({ runId: crypto.randomUUID() }) },

  // Mina verktyg and the Testyta: a tool the contributor does not maintain does not exist for
  // them (NOT_FOUND); admins maintain everything (tests/integration/tool-lifecycle).
  "myTools.list": { minRole: "contributor" },
  "myTools.create": { minRole: "contributor", input: () => ({ title: "Matrisverktyg", summary: "" }) },
  "version.testArea": { minRole: "contributor", input: async ({ fresh }) => ({ toolId: (await fresh.tool()).id }), expect: { contributor: "NOT_FOUND" } },
  "version.get": { minRole: "contributor", input: async ({ fresh }) => ({ versionId: (await fresh.tool()).versionId }), expect: { contributor: "NOT_FOUND" } },
  "version.save": {
    minRole: "contributor",
    input: async ({ fresh }) => {
      const tool = await fresh.tool();
      return { toolId: tool.id, parentVersionId: tool.versionId, sourceCode: "def run_tool(i, o):\n    return 'ny'\n", entrypoint: "run_tool", inputSchema: [], settingsSchema: [], usageInstructions: "" };
    },
    expect: { contributor: "NOT_FOUND" },
  },
  "version.sandboxAction": {
    minRole: "contributor",
    input: async ({ fresh }) => ({ toolId: (await fresh.tool()).id, runId: crypto.randomUUID(), actionId: "next", values: {}, stateRevision: 0 }),
    expect: { contributor: "NOT_FOUND" },
  },
  "version.submit": {
    minRole: "contributor",
    input: async ({ fresh }) => ({ versionId: (await fresh.tool()).versionId, changeSummary: "Första versionen." }),
    expect: { contributor: "NOT_FOUND" },
  },
  "review.queue": { minRole: "admin" },
  "review.pendingCount": { minRole: "admin" },
  "review.get": { minRole: "admin", input: async ({ fresh }) => ({ versionId: (await fresh.tool("in_review")).versionId }) },
  "review.publish": { minRole: "admin", input: async ({ fresh }) => ({ versionId: (await fresh.tool("in_review")).versionId }) },
  "review.publishToCatalog": {
    minRole: "admin",
    input: async ({ fresh }) => ({ versionId: (await fresh.tool("in_review")).versionId, slug: `matris-${crypto.randomUUID().slice(0, 8)}`, professions: ["larare"], categories: ["ovrigt"] }),
  },
  "review.requestChanges": { minRole: "admin", input: async ({ fresh }) => ({ versionId: (await fresh.tool("in_review")).versionId, note: "Lägg till instruktioner." }) },
  "review.rollback": { minRole: "admin", input: async ({ fresh }) => ({ versionId: (await fresh.tool("active")).versionId }) },
  "toolAdmin.updateMetadata": {
    minRole: "admin",
    input: async ({ fresh }) => ({ toolId: (await fresh.tool()).id, slug: `matris-${crypto.randomUUID().slice(0, 8)}`, title: "Matris", summary: "", professions: ["larare"], categories: ["ovrigt"] }),
  },
  "toolAdmin.setPublished": { minRole: "admin", input: async ({ fresh }) => ({ toolId: (await fresh.tool("active")).id, published: false }) },
  "toolAdmin.addMaintainer": {
    minRole: "admin",
    input: async ({ fresh }) => ({ toolId: (await fresh.tool()).id, email: (await fresh.user("contributor")).email }),
  },
  "toolAdmin.removeMaintainer": { minRole: "admin", input: async ({ fresh }) => ({ toolId: (await fresh.tool()).id, userId: (await fresh.user("contributor")).id }) },
};

const RANK: Record<Row["minRole"], number> = { public: -1, user: 0, contributor: 1, admin: 2 };

function expectationFor(row: Row, audience: Audience): Expectation {
  const override = row.expect?.[audience];
  if (override) return override;
  if (row.minRole === "public") return "allowed";
  if (audience === "anonymous") return "UNAUTHORIZED";
  return RANK[audience] >= RANK[row.minRole] ? "allowed" : "FORBIDDEN";
}

function routerProcedurePaths(): string[] {
  // tRPC 11 keeps a flat record of "router.procedure" paths; lazy routers only join it once
  // loaded, so they would be invisible here.
  expect(Object.keys(appRouter._def.lazy), "lazy routers hide their procedures from this matrix").toEqual([]);
  return Object.keys(appRouter._def.procedures).sort();
}

async function call(actor: Actor | null, path: string, input: unknown): Promise<unknown> {
  const caller = createCaller({ actor }) as unknown as Record<string, unknown>;
  const procedure = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  const result = await (procedure as (input: unknown) => Promise<unknown>)(input);
  // A subscription that got through the gate: close it so nothing keeps running.
  if (result && typeof result === "object" && Symbol.asyncIterator in result) {
    await (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
  }
  return result;
}

describe("authorization matrix", () => {
  it("has a row for every procedure of the router", () => {
    const missing = routerProcedurePaths().filter((path) => !(path in MATRIX));
    expect(missing, "add these procedures to MATRIX at the top of this file").toEqual([]);
  });

  it("has no rows for procedures that no longer exist", () => {
    const paths = new Set(routerProcedurePaths());
    expect(Object.keys(MATRIX).filter((path) => !paths.has(path))).toEqual([]);
  });

  const actors: Record<Audience, Actor | null> = { anonymous: null, user: null, contributor: null, admin: null };
  beforeAll(async () => {
    for (const role of ROLES) actors[role] = (await createTestUser(role)).actor;
  });

  const fresh: Fixtures["fresh"] = {
    user: async (role = "user") => {
      const { user } = await createTestUser(role, { email: uniqueEmail(`matrix-${role}`) });
      return { id: user.id, email: user.email };
    },
    tool: async (state = "draft") => {
      const owner = await createTestUser("contributor", { email: uniqueEmail("matrix-owner") });
      const { tool, version } = await createTestTool(owner.user.id, "def run_tool(i, o):\n    return 'hej'\n");
      if (state !== "draft") await getDb().update(toolVersions).set({ state }).where(eq(toolVersions.id, version.id));
      return { id: tool.id, versionId: version.id };
    },
  };

  const cases = Object.entries(MATRIX)
    .filter(([path]) => path in appRouter._def.procedures)
    .flatMap(([path, row]) => AUDIENCES.map((audience) => ({ path, row, audience, expected: expectationFor(row, audience) })));

  it.each(cases)("$path as $audience → $expected", async ({ path, row, audience, expected }) => {
    const actor = actors[audience];
    const input = await row.input?.({ actor, fresh });
    let error: unknown;
    try {
      await call(actor, path, input);
    } catch (caught) {
      error = caught;
    }
    if (error !== undefined && !(error instanceof TRPCError)) throw error;
    const code = error instanceof TRPCError ? error.code : undefined;
    if (expected === "allowed") {
      expect(code, `${path} must let ${audience} through the gate`).not.toBe("UNAUTHORIZED");
      expect(code, `${path} must let ${audience} through the gate`).not.toBe("FORBIDDEN");
      // A domain error from sample input is fine; a crash means the row's input is broken.
      expect(code, `${path} as ${audience}: ${(error as Error | undefined)?.message}`).not.toBe("INTERNAL_SERVER_ERROR");
    } else {
      expect(code, `${path} as ${audience}`).toBe(expected);
    }
  });
});
