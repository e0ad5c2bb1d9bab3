import { z } from "zod";

export const cancelRunInput = z.object({ runId: z.uuid() });
export const runIdInput = z.object({ runId: z.uuid() });

export const actionRunInput = z.object({
  slug: z.string().min(1).max(200),
  actionId: z.string().min(1).max(200),
  values: z.record(z.string(), z.unknown()),
  /** The session revision the page showed; a newer one means the state moved on (409). */
  stateRevision: z.number().int().min(0),
});

export const listRunsInput = z.object({ page: z.number().int().min(1).default(1) });

/** Ta bort: one run, or all of the user's runs (KÖR) of one tool. */
export const deleteRunsInput = z.union([z.object({ runId: z.uuid() }), z.object({ toolId: z.uuid() })]);
