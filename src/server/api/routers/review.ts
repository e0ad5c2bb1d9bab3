import { publishVersionToCatalogInput, requestChangesInput, versionIdInput } from "@/lib/version-schemas";
import { countPendingReviews } from "../../services/count-pending-reviews";
import { getReview } from "../../services/get-review";
import { listReviewQueue } from "../../services/list-review-queue";
import { publishVersion } from "../../services/publish-version";
import { publishVersionToCatalog } from "../../services/publish-version-to-catalog";
import { requestChanges } from "../../services/request-changes";
import { rollbackVersion } from "../../services/rollback-version";
import { adminProcedure, createRouter } from "../trpc";

export const reviewRouter = createRouter({
  pendingCount: adminProcedure.query(({ ctx }) => countPendingReviews({ actor: ctx.actor })),
  queue: adminProcedure.query(({ ctx }) => listReviewQueue({ actor: ctx.actor })),
  get: adminProcedure.input(versionIdInput).query(({ ctx, input }) => getReview({ actor: ctx.actor, input })),
  publish: adminProcedure.input(versionIdInput).mutation(({ ctx, input }) => publishVersion({ actor: ctx.actor, input })),
  /** A tool not yet in the Katalog: the version, its slug and taxonomy, and the Katalog, in one step. */
  publishToCatalog: adminProcedure.input(publishVersionToCatalogInput).mutation(({ ctx, input }) => publishVersionToCatalog({ actor: ctx.actor, input })),
  requestChanges: adminProcedure.input(requestChangesInput).mutation(({ ctx, input }) => requestChanges({ actor: ctx.actor, input })),
  rollback: adminProcedure.input(versionIdInput).mutation(({ ctx, input }) => rollbackVersion({ actor: ctx.actor, input })),
});
