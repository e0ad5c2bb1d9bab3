import "server-only";
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { markInstructionsSeenInput } from "@/lib/everyday-schemas";
import type { DbOrTx } from "../db/client";
import { getDb } from "../db/client";
import { instructionViews } from "../db/schema";
import { requireUser, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { loadPublishedTool } from "./tool-access";

/** The fingerprint of an instructions text: a changed text opens the instructions again. */
export function instructionsHash(text: string): string {
  return crypto.createHash("sha256").update(text.trim()).digest("hex");
}

export async function seenInstructionsHash(db: DbOrTx, key: { userId: string; toolId: string }): Promise<string | null> {
  const [row] = await db
    .select({ hash: instructionViews.instructionsHash })
    .from(instructionViews)
    .where(and(eq(instructionViews.userId, key.userId), eq(instructionViews.toolId, key.toolId)));
  return row?.hash ?? null;
}

/**
 * The tool page showed these instructions open: remember the text the user saw (by the hash
 * the page was given, so a text changed meanwhile still opens next time).
 */
export async function markInstructionsSeen({ actor, input }: { actor: Actor | null; input: z.input<typeof markInstructionsSeenInput> }) {
  const who = requireUser(actor, "user", "Bara inloggade användare.");
  const { slug, instructionsHash: hash } = parseInput(markInstructionsSeenInput, input);
  const db = getDb();
  const { tool } = await loadPublishedTool(db, slug);
  await db
    .insert(instructionViews)
    .values({ userId: who.userId, toolId: tool.id, instructionsHash: hash })
    .onConflictDoUpdate({ target: [instructionViews.userId, instructionViews.toolId], set: { instructionsHash: hash, seenAt: new Date() } });
  return { ok: true as const };
}
