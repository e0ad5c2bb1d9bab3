import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { cancelRunInput } from "@/lib/run-schemas";
import { getDb } from "../db/client";
import { toolRuns } from "../db/schema";
import { dequeueRun, notifyRunChanged, requestRunCancel } from "../execution/queue";
import { requireRole, type Actor } from "./actor";
import { parseInput } from "./parse-input";
import { notFound, ServiceError } from "./service-error";

/**
 * The owner (or an admin) stops a queued or running run. A queued run is cancelled at once and
 * its job removed; a running one is flagged and its worker told (NOTIFY) to kill the container,
 * after which the worker records `cancelled`. Someone else's run answers not found.
 */
export async function cancelRun({ actor, input }: { actor: Actor | null; input: z.input<typeof cancelRunInput> }) {
  const who = requireRole(actor, "user");
  const { runId } = parseInput(cancelRunInput, input);
  return getDb().transaction(async (tx) => {
    const [run] = await tx
      .select({ id: toolRuns.id, userId: toolRuns.userId, status: toolRuns.status })
      .from(toolRuns)
      .where(eq(toolRuns.id, runId))
      .for("update");
    const mayCancel = run && (who.kind === "system" || who.role === "admin" || run.userId === who.userId);
    if (!run || !mayCancel) throw notFound("Körningen");

    if (run.status === "queued") {
      await tx
        .update(toolRuns)
        .set({ status: "cancelled", finishedAt: new Date(), cancelRequestedAt: new Date(), errorSummary: "Körningen avbröts innan den startade." })
        .where(and(eq(toolRuns.id, runId), eq(toolRuns.status, "queued")));
      await dequeueRun(tx, runId);
      await notifyRunChanged(tx, runId);
      return { status: "cancelled" as const };
    }
    if (run.status === "running") {
      await tx.update(toolRuns).set({ cancelRequestedAt: new Date() }).where(and(eq(toolRuns.id, runId), inArray(toolRuns.status, ["running"])));
      await requestRunCancel(tx, runId);
      return { status: "cancelling" as const };
    }
    throw new ServiceError("CONFLICT", "Körningen är redan klar och kan inte avbrytas.");
  });
}
