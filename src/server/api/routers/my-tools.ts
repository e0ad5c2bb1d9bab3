import { createToolInput } from "@/lib/version-schemas";
import { createTool } from "../../services/create-tool";
import { listMyTools } from "../../services/list-my-tools";
import { contributorProcedure, createRouter } from "../trpc";

export const myToolsRouter = createRouter({
  list: contributorProcedure.query(({ ctx }) => listMyTools({ actor: ctx.actor })),
  create: contributorProcedure.input(createToolInput).mutation(({ ctx, input }) => createTool({ actor: ctx.actor, input })),
});
