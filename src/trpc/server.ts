import "server-only";
import { cache } from "react";
import { createCaller } from "@/server/api/root";
import { getCurrentActor } from "@/server/auth/current-actor";

/** tRPC for server components: the same procedures, called in-process with this request's actor. */
export const serverTrpc = cache(async () => createCaller({ actor: await getCurrentActor() }));
