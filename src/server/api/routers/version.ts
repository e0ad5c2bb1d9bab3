import { sandboxActionInput, saveDraftInput, submitVersionInput, toolIdInput, versionIdInput } from "@/lib/version-schemas";
import { getTestArea } from "../../services/get-test-area";
import { getVersion } from "../../services/get-version";
import { saveDraft } from "../../services/save-draft";
import { startSandboxActionRun } from "../../services/start-sandbox-action-run";
import { submitVersion } from "../../services/submit-version";
import { contributorProcedure, createRouter } from "../trpc";

// The Testyta. TESTKÖR itself is POST /api/sandbox-runs (a multipart upload, like KÖR).
// Tools the caller does not maintain answer NOT_FOUND (admins maintain everything).
export const versionRouter = createRouter({
  testArea: contributorProcedure.input(toolIdInput).query(({ ctx, input }) => getTestArea({ actor: ctx.actor, input })),
  get: contributorProcedure.input(versionIdInput).query(({ ctx, input }) => getVersion({ actor: ctx.actor, input })),
  save: contributorProcedure.input(saveDraftInput).mutation(({ ctx, input }) => saveDraft({ actor: ctx.actor, input })),
  /** A follow-up step of an interactive tool under TESTKÖR (no files: it continues from the state). */
  sandboxAction: contributorProcedure.input(sandboxActionInput).mutation(({ ctx, input }) => startSandboxActionRun({ actor: ctx.actor, input })),
  submit: contributorProcedure.input(submitVersionInput).mutation(({ ctx, input }) => submitVersion({ actor: ctx.actor, input })),
});
