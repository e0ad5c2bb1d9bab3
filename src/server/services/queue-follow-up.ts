import "server-only";
import { and, eq } from "drizzle-orm";
import type { FormAction } from "@/lib/ui-contract";
import type { RunContext } from "@/lib/domain";
import type { ArtifactStore } from "../artifacts/artifact-store";
import type { Database } from "../db/client";
import { toolSessions } from "../db/schema";
import { queueRun, type QueueRunInput } from "./queue-run";
import { filesExpiredMessage, filesStillKept } from "./saved-files";
import { ServiceError } from "./service-error";

/**
 * The shared half of a follow-up step (KÖR's start-action-run.ts and TESTKÖR's
 * start-sandbox-action-run.ts): claims the state revision the page showed and queues the run
 * with the action, in one transaction, so two submissions of one state cannot both run — the
 * second gets `staleMessage` before anything runs. `settings` may read the claimed session.
 */
export async function queueFollowUp(
  db: Database,
  follow: {
    toolId: string;
    userId: string;
    context: RunContext;
    stateRevision: number;
    staleMessage: string;
    /** The run whose form was submitted, and that form. */
    fromRunId: string;
    action: FormAction;
    actionInput: Record<string, unknown>;
    run: Pick<QueueRunInput, "script" | "contentHash" | "inputFiles">;
    settings: (session: typeof toolSessions.$inferSelect) => Record<string, unknown>;
    store: ArtifactStore;
  },
) {
  // The step gets the run's uploaded files again, which are kept RUN_RETENTION_DAYS from their upload.
  const files = follow.run.inputFiles ?? [];
  if (files.length > 0 && !(await filesStillKept(follow.store, files))) {
    throw new ServiceError("CONFLICT", filesExpiredMessage("Filerna som verktyget arbetar med", "Börja om: välj filerna igen och tryck KÖR."));
  }
  return db.transaction(async (tx) => {
    const [session] = await tx
      .update(toolSessions)
      .set({ stateRevision: follow.stateRevision + 1, updatedAt: new Date() })
      .where(
        and(
          eq(toolSessions.toolId, follow.toolId),
          eq(toolSessions.userId, follow.userId),
          eq(toolSessions.context, follow.context),
          eq(toolSessions.stateRevision, follow.stateRevision),
        ),
      )
      .returning();
    if (!session) throw new ServiceError("CONFLICT", follow.staleMessage);
    return queueRun(tx, {
      toolId: follow.toolId,
      userId: follow.userId,
      context: follow.context,
      ...follow.run,
      inputValues: {},
      settings: follow.settings(session),
      action: {
        actionId: follow.action.action_id,
        input: follow.actionInput,
        state: session.state as Record<string, unknown>,
        stateRevision: follow.stateRevision + 1,
        label: follow.action.label,
        fields: follow.action.fields,
        fromRunId: follow.fromRunId,
      },
    });
  });
}
