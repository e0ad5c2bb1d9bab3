import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import type { Actor } from "../services/actor";
import { actorFromCookieHeader } from "./session-cookie";

/**
 * The acting user of this request, or null. Cached per request (layouts and pages share it).
 * Decodes the session cookie directly instead of running next-auth's whole session endpoint
 * (which re-encrypts and re-sets the cookie on every call): an order of magnitude cheaper on
 * the hot path, and the database check per request is the same.
 */
export const getCurrentActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  const header = jar
    .getAll()
    .map((cookie) => `${cookie.name}=${encodeURIComponent(cookie.value)}`)
    .join("; ");
  return actorFromCookieHeader(header);
});
