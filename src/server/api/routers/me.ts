import { authedProcedure, createRouter } from "../trpc";

export const meRouter = createRouter({
  /** Who am I — what the navigation and role-dependent UI need. */
  get: authedProcedure.query(({ ctx }) =>
    ctx.actor.kind === "user"
      ? { userId: ctx.actor.userId, email: ctx.actor.email, displayName: ctx.actor.displayName, role: ctx.actor.role }
      : null,
  ),
});
