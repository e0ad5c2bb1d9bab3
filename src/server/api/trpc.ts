import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Role } from "@/lib/domain";
import { requireRole, type Actor } from "../services/actor";
import { fieldErrorsOf, firstFieldError } from "../services/parse-input";
import { ServiceError } from "../services/service-error";
import { GENERIC_ERROR_MESSAGE, mapServiceErrorsInStream, toTRPCError } from "./errors";
import { componentLogger } from "../observability/logger";

const log = componentLogger("trpc");

export type TRPCContext = {
  actor: Actor | null;
  /**
   * The acting user again, from the same session, read fresh from the database: long-lived
   * calls (subscriptions) re-check with it that the right they started with still holds.
   * Without it (in-process callers) the actor is taken as unchanged.
   */
  reloadActor?: () => Promise<Actor | null>;
};

// zod's own messages (for the checks a schema gives no message of its own) in Swedish, like the
// schemas' messages. Process-wide: services validating with parseInput speak Swedish too.
z.config(z.locales.sv());

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  /**
   * The one shape every refusal has: a Swedish message and, for a form, the message of each
   * field at fault — whether a service refused (ServiceError) or the router's input schema
   * did (ZodError, whose raw issue list in English would otherwise be the message).
   */
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let fieldErrors = cause instanceof ServiceError ? cause.fieldErrors : undefined;
    let message = shape.message;
    if (cause instanceof ZodError) {
      fieldErrors = fieldErrorsOf(cause.issues);
      message = firstFieldError(fieldErrors);
    }
    // Internal messages never reach the browser.
    if (error.code === "INTERNAL_SERVER_ERROR") message = GENERIC_ERROR_MESSAGE;
    return { ...shape, message, data: { ...shape.data, stack: undefined, fieldErrors } };
  },
});

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === "object" && value !== null && Symbol.asyncIterator in value;

/**
 * Service errors leave the resolver wrapped by tRPC; unwrap and map them once, here — also
 * those a subscription's stream throws after it has started.
 */
const mapServiceErrors = t.middleware(async ({ next, type }) => {
  const result = await next();
  if (result.ok && type === "subscription" && isAsyncIterable(result.data)) return { ...result, data: mapServiceErrorsInStream(result.data) };
  if (!result.ok && result.error.cause instanceof ServiceError) throw toTRPCError(result.error.cause);
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") log.error({ err: result.error.cause ?? result.error }, "tRPC procedure failed");
  return result;
});

function roleGate(role: Role) {
  return t.middleware(({ ctx, next }) => {
    try {
      const actor = requireRole(ctx.actor, role);
      return next({ ctx: { actor } });
    } catch (error) {
      if (error instanceof ServiceError) throw toTRPCError(error);
      throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
    }
  });
}

export const createRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const base = t.procedure.use(mapServiceErrors);
export const authedProcedure = base.use(roleGate("user"));
export const contributorProcedure = base.use(roleGate("contributor"));
export const adminProcedure = base.use(roleGate("admin"));
