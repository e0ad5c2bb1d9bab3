import "server-only";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { saveSettingsInput } from "@/lib/catalog-schemas";
import { validateFormValues } from "@/lib/form-values";
import { getDb } from "../db/client";
import { toolSessions } from "../db/schema";
import { requireUser, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { invalidFields, ServiceError } from "./service-error";
import { loadPublishedTool, settingsSchemaHash } from "./tool-access";

/** The user's own settings for a tool, injected into every later run as memory.json. */
export async function saveToolSettings({ actor, input }: { actor: Actor | null; input: z.input<typeof saveSettingsInput> }) {
  const who = requireUser(actor, "user", "Bara inloggade användare har inställningar.");
  const { slug, values } = parseInput(saveSettingsInput, input);
  const db = getDb();
  const { tool, settingsSchema } = await loadPublishedTool(db, slug);
  if (settingsSchema.length === 0) throw new ServiceError("VALIDATION", "Verktyget har inga inställningar.");
  const validation = validateFormValues(settingsSchema, values);
  if (!validation.ok) throw invalidFields(validation.errors);
  const hash = settingsSchemaHash(settingsSchema);
  await db
    .insert(toolSessions)
    .values({ toolId: tool.id, userId: who.userId, context: "production", settings: validation.values, settingsSchemaHash: hash })
    .onConflictDoUpdate({
      target: [toolSessions.toolId, toolSessions.userId, toolSessions.context],
      set: { settings: validation.values, settingsSchemaHash: hash, updatedAt: sql`now()` },
    });
  return { settings: validation.values };
}
