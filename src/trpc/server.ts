import "server-only";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { createCaller } from "@/server/api/root";
import { getCurrentActor } from "@/server/auth/current-actor";

/** tRPC for server components: the same procedures, called in-process with this request's actor. */
export const serverTrpc = cache(async () => createCaller({ actor: await getCurrentActor() }));

/**
 * A page's load: a refusal with one of `codes` (by default NOT_FOUND, and BAD_REQUEST for an
 * id that cannot exist) becomes the 404 page; anything else is thrown on.
 */
export async function orNotFound<T>(load: Promise<T>, codes: readonly TRPCError["code"][] = ["NOT_FOUND", "BAD_REQUEST"]): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof TRPCError && codes.includes(error.code)) notFound();
    throw error;
  }
}
