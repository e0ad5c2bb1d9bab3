import "server-only";
import { decode } from "next-auth/jwt";
import { env } from "@/env";
import type { Actor } from "../services/actor";
import { loadActor } from "../services/load-actor";

// next-auth's cookie names: the __Secure- prefix is used when the app is served over https.
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0) cookies.set(part.slice(0, index).trim(), decodeURIComponent(part.slice(index + 1).trim()));
  }
  return cookies;
}

/**
 * The actor of a request outside Next's request context (the download handler in front of
 * Next, see src/cli/web.ts): decodes next-auth's session cookie with the same secret and salt
 * next-auth uses, then applies the same per-request database check as getCurrentActor.
 */
export async function actorFromCookieHeader(header: string | undefined): Promise<Actor | null> {
  if (!env.AUTH_SECRET) return null;
  const cookies = parseCookies(header);
  for (const name of SESSION_COOKIES) {
    const token = cookies.get(name);
    if (!token) continue;
    try {
      const payload = await decode({ token, secret: env.AUTH_SECRET, salt: name });
      if (payload && typeof payload.sub === "string" && typeof payload.sv === "number") {
        return loadActor({ userId: payload.sub, sessionVersion: payload.sv });
      }
    } catch {
      return null; // forged, expired or from another secret
    }
  }
  return null;
}
