import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Role } from "@/lib/domain";
import { requireRole, type Actor } from "../services/actor";
import { ServiceError } from "../services/service-error";
import { GENERIC_ERROR_MESSAGE, toTRPCError } from "./errors";
import { componentLogger } from "../observability/logger";

const log = componentLogger("trpc");

export type TRPCContext = { actor: Actor | null };

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors = cause instanceof ServiceError ? cause.fieldErrors : undefined;
    const zodIssues = cause instanceof ZodError ? cause.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : undefined;
    // Internal messages never reach the browser.
    const message = error.code === "INTERNAL_SERVER_ERROR" ? GENERIC_ERROR_MESSAGE : shape.message;
    return { ...shape, message, data: { ...shape.data, stack: undefined, fieldErrors, zodIssues } };
  },
});

/** Service errors leave the resolver wrapped by tRPC; unwrap and map them once, here. */
const mapServiceErrors = t.middleware(async ({ next }) => {
  const result = await next();
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
