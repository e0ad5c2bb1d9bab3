/**
 * Limits the browser and the server must agree on (isomorphic: the tRPC client link reads them
 * too, so the app's own pages never send a batch the server refuses).
 */

/**
 * Most calls one tRPC batch request may carry. A page batches the few queries it renders with;
 * 40 `run.rerun` calls in one request are a script, not a person.
 */
export const TRPC_MAX_BATCH_SIZE = 10;
