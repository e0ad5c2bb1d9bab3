import { setFavoriteInput } from "@/lib/catalog-schemas";
import { updateProfileInput } from "@/lib/user-schemas";
import { getHome } from "../../services/get-home";
import { listFavoriteToolIds } from "../../services/list-favorite-tool-ids";
import { setFavorite } from "../../services/set-favorite";
import { updateProfile } from "../../services/update-profile";
import { authedProcedure, createRouter } from "../trpc";

export const meRouter = createRouter({
  /** Who am I — what the navigation and role-dependent UI need. */
  get: authedProcedure.query(({ ctx }) =>
    ctx.actor.kind === "user"
      ? { userId: ctx.actor.userId, email: ctx.actor.email, displayName: ctx.actor.displayName, role: ctx.actor.role }
      : null,
  ),
  home: authedProcedure.query(({ ctx }) => getHome({ actor: ctx.actor })),
  favoriteToolIds: authedProcedure.query(({ ctx }) => listFavoriteToolIds({ actor: ctx.actor })),
  setFavorite: authedProcedure.input(setFavoriteInput).mutation(({ ctx, input }) => setFavorite({ actor: ctx.actor, input })),
  updateProfile: authedProcedure.input(updateProfileInput).mutation(({ ctx, input }) => updateProfile({ actor: ctx.actor, input })),
});
