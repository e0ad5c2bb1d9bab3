import "server-only";
import { and, asc, count, eq, lt } from "drizzle-orm";
import type { z } from "zod";
import { runIdInput } from "@/lib/run-schemas";
import { describeInputValues } from "@/lib/describe-values";
import { inputSchemaSchema } from "@/lib/tool-schemas";
import type { UiPayload } from "@/lib/ui-contract";
import { getDb, type DbOrTx } from "../db/client";
import { runArtifacts, toolMaintainers, toolRuns, tools, toolVersions, users } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { loadVisibleRun } from "./run-access";
import type { StoredInputFile, StoredRunAction } from "./queue-run";
import { latestResultRun, loadToolSession } from "./tool-access";

/** Runs ahead of this one in the queue (1 = next in line), or null when it is not queued. */
export async function queuePosition(db: DbOrTx, run: { id: string; status: string; queuedAt: Date }): Promise<number | null> {
  if (run.status !== "queued") return null;
  const [ahead] = await db.select({ value: count() }).from(toolRuns).where(and(eq(toolRuns.status, "queued"), lt(toolRuns.queuedAt, run.queuedAt)));
  return (ahead?.value ?? 0) + 1;
}

/**
 * A run as its owner (or an admin) sees it. stdout/stderr are included only for TESTKÖR runs:
 * users never see a tool's raw output, contributors do while testing.
 */
export async function getRun({ actor, input }: { actor: Actor | null; input: z.input<typeof runIdInput> }) {
  const who = requireRole(actor, "user");
  const { runId } = parseInput(runIdInput, input);
  const db = getDb();
  const run = await loadVisibleRun(db, who, runId, { audit: true });
  return buildRunView(db, run);
}

/** The view of a run already authorized by loadVisibleRun (also used by the live updates). */
export async function buildRunView(db: DbOrTx, run: typeof toolRuns.$inferSelect) {
  const payload = (run.uiPayload as UiPayload | null) ?? null;
  // Only the latest result's follow-up forms can be used; an older run page says so instead.
  const offersActions = run.status === "succeeded" && (payload?.next_actions.length ?? 0) > 0;
  const [[tool], artifacts, position, session, [version], latest, maintainers] = await Promise.all([
    db.select({ slug: tools.slug, title: tools.title, isPublished: tools.isPublished }).from(tools).where(eq(tools.id, run.toolId)),
    db
      .select({ path: runArtifacts.path, bytes: runArtifacts.bytes, contentType: runArtifacts.contentType, sha256: runArtifacts.sha256 })
      .from(runArtifacts)
      .where(eq(runArtifacts.runId, run.id))
      .orderBy(asc(runArtifacts.path)),
    queuePosition(db, run),
    loadToolSession(db, { toolId: run.toolId, userId: run.userId, context: run.context }),
    run.versionId ? db.select({ inputSchema: toolVersions.inputSchema }).from(toolVersions).where(eq(toolVersions.id, run.versionId)) : Promise.resolve([]),
    offersActions ? latestResultRun(db, { toolId: run.toolId, userId: run.userId, context: run.context }) : Promise.resolve(null),
    // Who to ask when a run failed: the maintainers' names (never their e-mail addresses).
    run.status === "failed"
      ? db
          .select({ displayName: users.displayName })
          .from(toolMaintainers)
          .innerJoin(users, eq(users.id, toolMaintainers.userId))
          .where(and(eq(toolMaintainers.toolId, run.toolId), eq(users.isActive, true)))
          .orderBy(asc(users.displayName))
      : Promise.resolve([]),
  ]);
  const schema = version ? inputSchemaSchema.safeParse(version.inputSchema) : null;
  const sandbox = run.context === "sandbox";
  const action = run.action as StoredRunAction | null;
  return {
    id: run.id,
    /** The person who ran it (an admin may be looking at someone else's). */
    ownerId: run.userId,
    toolId: run.toolId,
    context: run.context,
    status: run.status,
    tool: tool ?? null,
    queuedAt: run.queuedAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    queuePosition: position,
    inputFiles: (run.inputManifest as StoredInputFile[]).map(({ name, bytes }) => ({ name, bytes })),
    inputValues: run.inputValues as Record<string, unknown>,
    /** The values as the form showed them (labels, option labels, Ja/Nej); a follow-up's from its action form. */
    inputChoices: action
      ? describeInputValues(action.fields, action.input)
      : describeInputValues(schema?.success ? schema.data : null, run.inputValues as Record<string, unknown>),
    isActionRun: action !== null,
    /** A follow-up action: what the user chose, after which run. */
    followUp: action ? { label: action.label ?? null, fromRunId: action.fromRunId ?? null } : null,
    errorSummary: run.errorSummary,
    /** Display names of the tool's active maintainers, for a failed run ("hör av dig till …"). */
    maintainerNames: maintainers.map((maintainer) => maintainer.displayName),
    /** Retention removed the files and the result; the row is history (tool, when, status). */
    purgedAt: run.purgedAt,
    uiPayload: payload,
    /** A newer run of the tool took over: this run's follow-up forms are stale; continue from that one. */
    newerResultRunId: latest && latest.id !== run.id ? latest.id : null,
    artifacts,
    /** The interactive state's current revision, for the next follow-up action. */
    stateRevision: session?.stateRevision ?? 0,
    logs: sandbox
      ? { stdout: run.stdout ?? "", stderr: run.stderr ?? "", stdoutTruncated: run.stdoutTruncated, stderrTruncated: run.stderrTruncated, exitCode: run.exitCode }
      : null,
  };
}

export type RunView = Awaited<ReturnType<typeof getRun>>;
