import { env } from "@/env";
import { firstForwardedValue } from "./trusted-request";

/**
 * This server's own origin (scheme, host and port) as the browser sees it. Behind a configured
 * proxy (TRUST_PROXY_HOPS) that is what the proxy reports in X-Forwarded-Proto/-Host; without
 * one, those headers are a client's claim and are ignored: the Host header and the scheme of
 * the connection (src/cli/web.ts strips forwarded headers, so Next derives request.url from
 * the socket).
 */
export function ownOrigin(request: Request, options: { trustProxy?: boolean } = {}): string | null {
  const trustProxy = options.trustProxy ?? env.TRUST_PROXY_HOPS > 0;
  const headers = request.headers;
  const connectionScheme = new URL(request.url).protocol.replace(/:$/, "");
  const scheme = (trustProxy ? firstForwardedValue(headers.get("x-forwarded-proto")) : undefined) ?? connectionScheme;
  const host = (trustProxy ? firstForwardedValue(headers.get("x-forwarded-host")) : undefined) ?? headers.get("host");
  if (!host || (scheme !== "http" && scheme !== "https")) return null;
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * Mutations are accepted only from our own pages: a POST must carry an Origin header naming
 * this origin — scheme, host and port (browsers always send one on POST). Blocks cross-site
 * form posts and fetches, and an http page of the same host posting to the https site.
 */
export function isSameOriginRequest(request: Request, options: { trustProxy?: boolean } = {}): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return request.headers.get("sec-fetch-site") === "same-origin";
  const expected = ownOrigin(request, options);
  if (!expected) return false;
  try {
    return new URL(origin).origin === expected;
  } catch {
    return false;
  }
}
