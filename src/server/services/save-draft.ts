import "server-only";
import { eq } from "drizzle-orm";
import { formatDateTime } from "@/lib/format";
import { saveDraftInput, sameVersionContent, validateVersionContent, type SaveDraftInput } from "@/lib/version-schemas";
import { env } from "@/env";
import { getDb } from "../db/client";
import { toolVersions, tools, users } from "../db/schema";
import type { Actor } from "./actor";
import { contentOf, headVersion, loadMaintainedTool, requireContributor, versionContentHash } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { invalidFields, ServiceError } from "./service-error";

/**
 * Spara: a new draft version whose parent is the head the editor started from. If someone
 * saved in between, the save is refused (409) — two editors never overwrite each other
 * silently; the Testyta then shows the newer version beside the author's text. The tool row is
 * locked for the check and the insert, so of two saves on the same head exactly one wins.
 */
export async function saveDraft({ actor, input }: { actor: Actor | null; input: SaveDraftInput }) {
  const who = requireContributor(actor);
  const data = parseInput(saveDraftInput, input);
  const db = getDb();
  return db.transaction(async (tx) => {
    const tool = await loadMaintainedTool(tx, who, data.toolId, { lock: true });
    const checked = validateVersionContent(data, { maxFiles: env.UPLOAD_MAX_FILES });
    if (!checked.ok) throw invalidFields(checked.errors);
    const content = checked.content;
    const head = await headVersion(tx, tool.id);
    if (!head) throw new ServiceError("INTERNAL", `tool ${tool.id} has no versions`);
    if (head.id !== data.parentVersionId) {
      const [author] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, head.createdBy));
      throw new ServiceError(
        "CONFLICT",
        `Någon har sparat en nyare version sedan du började redigera: version ${head.versionNumber}, sparad av ${author?.displayName ?? "någon annan"} ${formatDateTime(head.createdAt)}. ` +
          "Dina ändringar är inte sparade. Jämför din text med den nyare versionen och välj vad du vill behålla.",
      );
    }
    if (sameVersionContent(contentOf(head), content)) {
      throw new ServiceError("VALIDATION", `Inget är ändrat sedan version ${head.versionNumber}, så det finns inget att spara.`);
    }
    const [version] = await tx
      .insert(toolVersions)
      .values({
        toolId: tool.id,
        versionNumber: head.versionNumber + 1,
        state: "draft",
        ...content,
        contentHash: versionContentHash(content),
        parentVersionId: head.id,
        createdBy: who.userId,
      })
      .returning({ id: toolVersions.id, versionNumber: toolVersions.versionNumber, createdAt: toolVersions.createdAt });
    await tx.update(tools).set({ updatedAt: new Date() }).where(eq(tools.id, tool.id));
    return { versionId: version!.id, versionNumber: version!.versionNumber, createdAt: version!.createdAt };
  });
}
