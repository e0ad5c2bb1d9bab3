import { catalogInput, saveSettingsInput, toolSlugInput } from "@/lib/catalog-schemas";
import { forgetSavedFilesInput, markInstructionsSeenInput, runWithSavedFilesInput } from "@/lib/everyday-schemas";
import { forgetSavedFiles } from "../../services/forget-saved-files";
import { markInstructionsSeen } from "../../services/mark-instructions-seen";
import { runWithSavedFiles } from "../../services/run-with-saved-files";
import { getToolPage } from "../../services/get-tool-page";
import { listCatalog } from "../../services/list-catalog";
import { saveToolSettings } from "../../services/save-tool-settings";
import { authedProcedure, createRouter } from "../trpc";

export const toolRouter = createRouter({
  catalog: authedProcedure.input(catalogInput).query(({ ctx, input }) => listCatalog({ actor: ctx.actor, input })),
  page: authedProcedure.input(toolSlugInput).query(({ ctx, input }) => getToolPage({ actor: ctx.actor, input })),
  runWithSavedFiles: authedProcedure.input(runWithSavedFilesInput).mutation(({ ctx, input }) => runWithSavedFiles({ actor: ctx.actor, input })),
  forgetSavedFiles: authedProcedure.input(forgetSavedFilesInput).mutation(({ ctx, input }) => forgetSavedFiles({ actor: ctx.actor, input })),
  markInstructionsSeen: authedProcedure.input(markInstructionsSeenInput).mutation(({ ctx, input }) => markInstructionsSeen({ actor: ctx.actor, input })),
  saveSettings: authedProcedure.input(saveSettingsInput).mutation(({ ctx, input }) => saveToolSettings({ actor: ctx.actor, input })),
});
