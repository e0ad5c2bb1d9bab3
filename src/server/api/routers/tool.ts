import { catalogInput, saveSettingsInput, toolSlugInput } from "@/lib/catalog-schemas";
import { getToolPage } from "../../services/get-tool-page";
import { listCatalog } from "../../services/list-catalog";
import { saveToolSettings } from "../../services/save-tool-settings";
import { authedProcedure, createRouter } from "../trpc";

export const toolRouter = createRouter({
  catalog: authedProcedure.input(catalogInput).query(({ ctx, input }) => listCatalog({ actor: ctx.actor, input })),
  page: authedProcedure.input(toolSlugInput).query(({ ctx, input }) => getToolPage({ actor: ctx.actor, input })),
  saveSettings: authedProcedure.input(saveSettingsInput).mutation(({ ctx, input }) => saveToolSettings({ actor: ctx.actor, input })),
});
