import { actionRunInput, cancelRunInput, deleteRunsInput, listRunsInput, runIdInput } from "@/lib/run-schemas";
import { cancelRun } from "../../services/cancel-run";
import { deleteRuns } from "../../services/delete-runs";
import { getRun } from "../../services/get-run";
import { listMyRuns } from "../../services/list-my-runs";
import { rerunRun } from "../../services/rerun-run";
import { startActionRun } from "../../services/start-action-run";
import { watchRun } from "../../services/watch-run";
import { authedProcedure, createRouter } from "../trpc";

// KÖR itself is POST /api/runs (a multipart upload streamed into the artifact store).
export const runRouter = createRouter({
  get: authedProcedure.input(runIdInput).query(({ ctx, input }) => getRun({ actor: ctx.actor, input })),
  listMine: authedProcedure.input(listRunsInput).query(({ ctx, input }) => listMyRuns({ actor: ctx.actor, input })),
  cancel: authedProcedure.input(cancelRunInput).mutation(({ ctx, input }) => cancelRun({ actor: ctx.actor, input })),
  /** Ta bort: one run or all of a tool's, with files and result, at once. */
  delete: authedProcedure.input(deleteRunsInput).mutation(({ ctx, input }) => deleteRuns({ actor: ctx.actor, input })),
  rerun: authedProcedure.input(runIdInput).mutation(({ ctx, input }) => rerunRun({ actor: ctx.actor, input })),
  action: authedProcedure.input(actionRunInput).mutation(({ ctx, input }) => startActionRun({ actor: ctx.actor, input })),
  /** Live status over Server-Sent Events until the run has finished. */
  watch: authedProcedure.input(runIdInput).subscription(async function* ({ ctx, input, signal }) {
    yield* watchRun({ actor: ctx.actor, reloadActor: ctx.reloadActor, runId: input.runId, signal });
  }),
});
