import "server-only";
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import { env } from "@/env";
import type { z } from "zod";
import { listRunsInput } from "@/lib/run-schemas";
import { getDb } from "../db/client";
import { toolRuns, tools } from "../db/schema";
import { requireUser, type Actor } from "./actor";
import { pageOffset } from "./list-query";
import { parseInput } from "./parse-input";
import type { StoredInputFile } from "./queue-run";

export const RUNS_PAGE_SIZE = 25;

/** Mina körningar: the user's own KÖR runs, newest first (TESTKÖR runs never appear here). */
export async function listMyRuns({ actor, input }: { actor: Actor | null; input: z.input<typeof listRunsInput> }) {
  const who = requireUser(actor, "user", "Bara inloggade användare har körningar.");
  const { page } = parseInput(listRunsInput, input);
  const db = getDb();
  const mine = and(eq(toolRuns.userId, who.userId), eq(toolRuns.context, "production"));
  const [rows, total, toolsWithRuns] = await Promise.all([
    db
      .select({
        id: toolRuns.id,
        status: toolRuns.status,
        queuedAt: toolRuns.queuedAt,
        startedAt: toolRuns.startedAt,
        finishedAt: toolRuns.finishedAt,
        inputManifest: toolRuns.inputManifest,
        // Not the whole action: it carries the tool's state (up to 64 kB a row).
        isActionRun: sql<boolean>`${toolRuns.action} is not null`,
        actionLabel: sql<string | null>`${toolRuns.action}->>'label'`,
        purgedAt: toolRuns.purgedAt,
        toolId: toolRuns.toolId,
        toolTitle: tools.title,
        toolSlug: tools.slug,
      })
      .from(toolRuns)
      .innerJoin(tools, eq(tools.id, toolRuns.toolId))
      .where(mine)
      .orderBy(desc(toolRuns.queuedAt))
      .limit(RUNS_PAGE_SIZE)
      .offset(pageOffset(page, RUNS_PAGE_SIZE)),
    db.$count(toolRuns, mine),
    // For "Ta bort alla körningar av ett verktyg".
    db
      .select({ toolId: toolRuns.toolId, title: tools.title, runs: count() })
      .from(toolRuns)
      .innerJoin(tools, eq(tools.id, toolRuns.toolId))
      .where(mine)
      .groupBy(toolRuns.toolId, tools.title)
      .orderBy(asc(tools.title)),
  ]);
  return {
    runs: rows.map(({ inputManifest, startedAt, finishedAt, ...row }) => ({
      ...row,
      startedAt,
      finishedAt,
      durationMs: startedAt && finishedAt ? finishedAt.getTime() - startedAt.getTime() : null,
      inputFileNames: (inputManifest as StoredInputFile[]).map((file) => file.name),
    })),
    total,
    page,
    pageSize: RUNS_PAGE_SIZE,
    tools: toolsWithRuns,
    retentionDays: env.RUN_RETENTION_DAYS,
  };
}
