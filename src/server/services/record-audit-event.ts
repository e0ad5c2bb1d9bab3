import "server-only";
import type { AuditAction } from "@/lib/domain";
import type { DbOrTx } from "../db/client";
import { auditEvents } from "../db/schema";
import { actorUserId, type Actor } from "./actor";

/** Call inside the same transaction as the change it records. */
export async function recordAuditEvent(
  db: DbOrTx,
  event: { actor: Actor; action: AuditAction; targetType: string; targetId: string; before?: unknown; after?: unknown },
): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: actorUserId(event.actor),
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    before: event.before ?? null,
    after: event.actor.kind === "system" ? { ...(event.after as object), via: event.actor.label } : (event.after ?? null),
  });
}
