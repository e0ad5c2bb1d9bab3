import { addMaintainerInput, removeMaintainerInput, setToolPublishedInput, updateToolMetadataInput } from "@/lib/version-schemas";
import { addMaintainer } from "../../services/add-maintainer";
import { removeMaintainer } from "../../services/remove-maintainer";
import { setToolPublished } from "../../services/set-tool-published";
import { updateToolMetadata } from "../../services/update-tool-metadata";
import { adminProcedure, createRouter } from "../trpc";

/** What only admins change about a tool: its Katalog entry, publication and maintainers. */
export const toolAdminRouter = createRouter({
  updateMetadata: adminProcedure.input(updateToolMetadataInput).mutation(({ ctx, input }) => updateToolMetadata({ actor: ctx.actor, input })),
  setPublished: adminProcedure.input(setToolPublishedInput).mutation(({ ctx, input }) => setToolPublished({ actor: ctx.actor, input })),
  addMaintainer: adminProcedure.input(addMaintainerInput).mutation(({ ctx, input }) => addMaintainer({ actor: ctx.actor, input })),
  removeMaintainer: adminProcedure.input(removeMaintainerInput).mutation(({ ctx, input }) => removeMaintainer({ actor: ctx.actor, input })),
});
