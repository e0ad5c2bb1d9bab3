import "server-only";
import crypto from "node:crypto";
import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { RunContext } from "@/lib/domain";
import type { FormAction } from "@/lib/ui-contract";
import { inputSchemaSchema, settingsSchemaSchema, type InputSchema, type SettingsSchema } from "@/lib/tool-schemas";
import type { DbOrTx } from "../db/client";
import { toolRuns, toolSessions, toolVersions, tools } from "../db/schema";
import { notFound } from "./service-error";

/**
 * A published tool with its active version, as KÖR needs it. Unpublished, unknown and
 * version-less tools are all "not found": ids and slugs cannot be probed.
 */
export async function loadPublishedTool(db: DbOrTx, slug: string) {
  const [row] = await db
    .select({ tool: tools, version: toolVersions })
    .from(tools)
    .innerJoin(toolVersions, eq(toolVersions.id, tools.activeVersionId))
    .where(and(eq(tools.slug, slug), eq(tools.isPublished, true), isNotNull(tools.activeVersionId), eq(toolVersions.state, "active")));
  if (!row) throw notFound("Verktyget");
  return {
    tool: row.tool,
    version: row.version,
    // Stored schemas were validated when saved; parse again so the types are exact.
    inputSchema: inputSchemaSchema.parse(row.version.inputSchema) as InputSchema,
    settingsSchema: settingsSchemaSchema.parse(row.version.settingsSchema) as SettingsSchema,
  };
}

/** Settings are kept per schema: a changed settings_schema starts from empty settings. */
export function settingsSchemaHash(schema: unknown): string {
  return crypto.createHash("sha256").update(JSON.stringify(schema ?? [])).digest("hex").slice(0, 32);
}

export async function loadToolSession(db: DbOrTx, key: { toolId: string; userId: string; context: RunContext }) {
  const [session] = await db
    .select()
    .from(toolSessions)
    .where(and(eq(toolSessions.toolId, key.toolId), eq(toolSessions.userId, key.userId), eq(toolSessions.context, key.context)));
  return session ?? null;
}

/**
 * The run whose result the user's interactive tool continues from: their latest successful
 * KÖR (or, for `context: "sandbox"`, TESTKÖR) of the tool, with the follow-up forms it offered
 * (only those, not the whole result, which can be 256 kB) and what it ran. Only its forms can be
 * submitted; older results' forms are stale. Its input
 * files go on to the follow-up runs (as in the original: every step sees the uploaded files).
 */
export async function latestResultRun(db: DbOrTx, key: { toolId: string; userId: string; context?: RunContext }) {
  const [latest] = await db
    .select({
      id: toolRuns.id,
      nextActions: sql<FormAction[] | null>`${toolRuns.uiPayload}->'next_actions'`,
      versionId: toolRuns.versionId,
      adHocSource: toolRuns.adHocSource,
      adHocEntrypoint: toolRuns.adHocEntrypoint,
      contentHash: toolRuns.contentHash,
      settingsUsed: toolRuns.settingsUsed,
      inputManifest: toolRuns.inputManifest,
    })
    .from(toolRuns)
    .where(
      and(
        eq(toolRuns.toolId, key.toolId),
        eq(toolRuns.userId, key.userId),
        eq(toolRuns.context, key.context ?? "production"),
        eq(toolRuns.status, "succeeded"),
        isNotNull(toolRuns.uiPayload),
      ),
    )
    .orderBy(desc(toolRuns.finishedAt))
    .limit(1);
  return latest ?? null;
}

/** The user's saved settings for this version's schema ({} when none or the schema changed). */
export function effectiveSettings(session: { settings: unknown; settingsSchemaHash: string | null } | null, settingsSchema: unknown) {
  if (!session || session.settingsSchemaHash !== settingsSchemaHash(settingsSchema)) return {};
  return (session.settings ?? {}) as Record<string, unknown>;
}
