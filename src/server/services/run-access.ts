import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { toolRuns } from "../db/schema";
import type { Actor } from "./actor";
import { isMaintainer } from "./maintained-tool";
import { recordAuditEvent } from "./record-audit-event";
import { notFound } from "./service-error";

/**
 * The one rule for who may see a run (DOMAIN.md, Permissions): the person who ran it — for a
 * TESTKÖR run only while they still maintain the tool — or an admin, whose look at someone
 * else's production run is audit logged. Everyone else gets "not found", never "forbidden".
 */
export async function loadVisibleRun(db: DbOrTx, actor: Actor, runId: string, options: { audit?: boolean } = {}) {
  const [run] = await db.select().from(toolRuns).where(eq(toolRuns.id, runId));
  if (!run) throw notFound("Körningen");
  if (actor.kind === "system") return run;
  if (actor.role === "admin") {
    if (run.userId !== actor.userId && run.context === "production" && options.audit) {
      await recordAuditEvent(db, { actor, action: "run.viewed_by_admin", targetType: "run", targetId: run.id, after: { ownerId: run.userId } });
    }
    return run;
  }
  if (run.userId !== actor.userId) throw notFound("Körningen");
  if (run.context === "sandbox" && !(await isMaintainer(db, run.toolId, actor.userId))) throw notFound("Körningen");
  return run;
}
