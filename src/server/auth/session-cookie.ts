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
 * Decoded session tokens, so a session's cookie is decrypted once rather than on every
 * request (key derivation + decryption ≈ 0.7 ms here). Only the token's own claims are kept,
 * never a verdict: the database check below (is the session's row still there, is the user
 * still active) runs on every request, so a signed-out session stays signed out even while its
 * cookie is in this cache. Expiry is re-checked.
 */
const decoded = new Map<string, { sub: string; sv: number; sid: string; exp: number }>();
const DECODED_MAX = 5000;

async function decodeSession(token: string, name: string) {
  const known = decoded.get(token);
  if (known) return known.exp * 1000 > Date.now() ? known : null;
  const payload = await decode({ token, secret: env.AUTH_SECRET!, salt: name });
  // A cookie from before sessions had ids (no sid) is no session at all: sign in again.
  if (!payload || typeof payload.sub !== "string" || typeof payload.sv !== "number" || typeof payload.sid !== "string" || typeof payload.exp !== "number") return null;
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  const claims = { sub: payload.sub, sv: payload.sv, sid: payload.sid, exp: payload.exp };
  decoded.set(token, claims);
  return claims;
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
      const claims = await decodeSession(token, name);
      if (claims) return loadActor({ userId: claims.sub, sessionVersion: claims.sv, sessionId: claims.sid });
    } catch {
      return null; // forged, expired or from another secret
    }
  }
  return null;
}
