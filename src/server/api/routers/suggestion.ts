import { decideSuggestionInput, suggestToolInput } from "@/lib/everyday-schemas";
import { decideSuggestion } from "../../services/decide-suggestion";
import { listMySuggestions, listSuggestions } from "../../services/list-suggestions";
import { suggestTool } from "../../services/suggest-tool";
import { adminProcedure, authedProcedure, createRouter } from "../trpc";

export const suggestionRouter = createRouter({
  create: authedProcedure.input(suggestToolInput).mutation(({ ctx, input }) => suggestTool({ actor: ctx.actor, input })),
  mine: authedProcedure.query(({ ctx }) => listMySuggestions({ actor: ctx.actor })),
  list: adminProcedure.query(({ ctx }) => listSuggestions({ actor: ctx.actor })),
  decide: adminProcedure.input(decideSuggestionInput).mutation(({ ctx, input }) => decideSuggestion({ actor: ctx.actor, input })),
});
