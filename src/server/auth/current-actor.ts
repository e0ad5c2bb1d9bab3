import "server-only";
import { cache } from "react";
import type { Actor } from "../services/actor";
import { loadActor } from "../services/load-actor";
import { auth } from "./config";

/** The acting user of this request, or null. Cached per request (layouts and pages share it). */
export const getCurrentActor = cache(async (): Promise<Actor | null> => {
  const session = (await auth()) as { userId?: unknown; sessionVersion?: unknown } | null;
  if (!session || typeof session.userId !== "string" || typeof session.sessionVersion !== "number") return null;
  return loadActor({ userId: session.userId, sessionVersion: session.sessionVersion });
});
