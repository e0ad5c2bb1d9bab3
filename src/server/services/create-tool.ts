import "server-only";
import crypto from "node:crypto";
import { like, or, eq } from "drizzle-orm";
import { inputSchemaSchema } from "@/lib/tool-schemas";
import { createToolInput, slugFromTitle, STARTER_INPUT_SCHEMA, STARTER_INSTRUCTIONS, STARTER_SOURCE, type CreateToolInput } from "@/lib/version-schemas";
import { getDb, type DbOrTx } from "../db/client";
import { toolCategories, toolMaintainers, toolProfessions, toolVersions, tools } from "../db/schema";
import { actorUserId, type Actor } from "./actor";
import { requireContributor, versionContentHash } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { ServiceError } from "./service-error";

/** The first free slug of `base`, `base-2`, `base-3`, … as the table stands now. */
async function freeSlug(db: DbOrTx, base: string): Promise<string> {
  const taken = new Set(
    (await db.select({ slug: tools.slug }).from(tools).where(or(eq(tools.slug, base), like(tools.slug, `${base}-%`)))).map((row) => row.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Nytt verktyg: owned and maintained by its creator, unpublished, with version 1 as a draft
 * holding a starter script that runs. The slug comes from the title and is made unique
 * ("gruppindelning-2"); a title with nothing usable gets a placeholder an admin replaces.
 */
export async function createTool({ actor, input }: { actor: Actor | null; input: CreateToolInput }) {
  const who = requireContributor(actor);
  const { title, summary } = parseInput(createToolInput, input);
  return createDraftTool(getDb(), { actor: who, ownerId: who.userId, title, summary });
}

export type CreatedTool = { id: string; slug: string; title: string; versionId: string };

/**
 * The draft tool itself, owned and maintained by `ownerId` (the creator, or the contributor an
 * admin chose when accepting a suggestion). `alsoInTx` runs in the same transaction, so what
 * goes with the new tool (a suggestion's decision) commits with it or not at all.
 */
export async function createDraftTool(
  db: DbOrTx,
  draft: { actor: Actor; ownerId: string; title: string; summary: string; professions?: readonly string[]; categories?: readonly string[] },
  alsoInTx?: (tx: DbOrTx, tool: CreatedTool) => Promise<void>,
): Promise<CreatedTool> {
  const { actor, ownerId, title, summary } = draft;
  const base = slugFromTitle(title) || `utkast-${crypto.randomBytes(4).toString("hex")}`;
  // Two people creating "Gruppindelning" at once: the unique slug decides, the loser retries.
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = await freeSlug(db, base);
    const created = await db.transaction(async (tx) => {
      const [tool] = await tx.insert(tools).values({ slug, title, summary, ownerId }).onConflictDoNothing({ target: tools.slug }).returning();
      if (!tool) return null;
      await tx.insert(toolMaintainers).values({ toolId: tool.id, userId: ownerId, addedBy: actorUserId(actor) });
      if (draft.professions?.length) await tx.insert(toolProfessions).values(draft.professions.map((professionSlug) => ({ toolId: tool.id, professionSlug })));
      if (draft.categories?.length) await tx.insert(toolCategories).values(draft.categories.map((categorySlug) => ({ toolId: tool.id, categorySlug })));
      // Parsed like every saved schema, so it is stored exactly as the editor would save it.
      const content = { sourceCode: STARTER_SOURCE, entrypoint: "run_tool", inputSchema: inputSchemaSchema.parse(STARTER_INPUT_SCHEMA), settingsSchema: [], usageInstructions: STARTER_INSTRUCTIONS };
      const [version] = await tx
        .insert(toolVersions)
        .values({ toolId: tool.id, versionNumber: 1, state: "draft", ...content, contentHash: versionContentHash(content), createdBy: ownerId })
        .returning({ id: toolVersions.id });
      await recordAuditEvent(tx, { actor, action: "tool.created", targetType: "tool", targetId: tool.id, after: { slug, title } });
      const result = { id: tool.id, slug: tool.slug, title: tool.title, versionId: version!.id };
      if (alsoInTx) await alsoInTx(tx, result);
      return result;
    });
    if (created) return created;
  }
  throw new ServiceError("CONFLICT", "Verktyget kunde inte skapas just nu. Försök igen.");
}
