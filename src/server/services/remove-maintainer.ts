import "server-only";
import { and, count, eq } from "drizzle-orm";
import type { z } from "zod";
import { removeMaintainerInput } from "@/lib/version-schemas";
import { getDb } from "../db/client";
import { toolMaintainers, users } from "../db/schema";
import type { Actor } from "./actor";
import { loadToolForAdmin, requireAdmin } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { notFound, ServiceError } from "./service-error";

/**
 * An admin takes away someone's right to maintain a tool. The last maintainer stays (a tool
 * nobody can work on would be stuck); their open TESTKÖR results become invisible to them.
 */
export async function removeMaintainer({ actor, input }: { actor: Actor | null; input: z.input<typeof removeMaintainerInput> }) {
  const admin = requireAdmin(actor);
  const { toolId, userId } = parseInput(removeMaintainerInput, input);
  return getDb().transaction(async (tx) => {
    const tool = await loadToolForAdmin(tx, toolId, { lock: true });
    const [[maintainer], [total]] = await Promise.all([
      tx
        .select({ email: users.email })
        .from(toolMaintainers)
        .innerJoin(users, eq(users.id, toolMaintainers.userId))
        .where(and(eq(toolMaintainers.toolId, tool.id), eq(toolMaintainers.userId, userId))),
      tx.select({ value: count() }).from(toolMaintainers).where(eq(toolMaintainers.toolId, tool.id)),
    ]);
    if (!maintainer) throw notFound("Underhållaren");
    if ((total?.value ?? 0) <= 1) throw new ServiceError("CONFLICT", "Verktyget måste ha minst en underhållare. Lägg till någon annan först.");
    await tx.delete(toolMaintainers).where(and(eq(toolMaintainers.toolId, tool.id), eq(toolMaintainers.userId, userId)));
    await recordAuditEvent(tx, {
      actor: admin,
      action: "tool.maintainer_removed",
      targetType: "tool",
      targetId: tool.id,
      before: { userId, email: maintainer.email },
    });
    return { userId, removed: true };
  });
}
