import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { toolSessions } from "../db/schema";
import { settingsSchemaHash } from "./tool-access";

/**
 * The contributor's TESTKÖR settings for a tool ("sandbox settings"), kept in their own sandbox
 * session — never another person's, never the KÖR settings. Saved with every TESTKÖR (values
 * already checked against the schema of what ran), so the Testyta offers them again next time.
 * The interactive state and its revision are left as they are.
 */
export async function saveSandboxSettings(
  tx: DbOrTx,
  { toolId, userId, settings, settingsSchema }: { toolId: string; userId: string; settings: Record<string, unknown>; settingsSchema: unknown },
) {
  const hash = settingsSchemaHash(settingsSchema);
  await tx
    .insert(toolSessions)
    .values({ toolId, userId, context: "sandbox", settings, settingsSchemaHash: hash })
    .onConflictDoUpdate({
      target: [toolSessions.toolId, toolSessions.userId, toolSessions.context],
      set: { settings, settingsSchemaHash: hash, updatedAt: sql`now()` },
    });
}
