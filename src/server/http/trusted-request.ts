import type { IncomingMessage } from "node:http";
import { env } from "@/env";

/**
 * What a request may tell us about itself, decided once at the front door (src/cli/web.ts)
 * before Next.js or next-auth read any of it.
 *
 * X-Forwarded-For/-Host/-Proto/-Port are only true when our own reverse proxy wrote them
 * (TRUST_PROXY_HOPS > 0). Without one they are whatever the client typed: Next.js keeps a
 * client-sent value (it only fills them in when missing), and next-auth builds its URLs from
 * them, so they are removed here and Next fills them in from the real connection.
 *
 * The headers below are ours: a client-sent copy is always dropped, then set from the socket.
 */
export const CLIENT_ADDRESS_HEADER = "x-skriptoteket-client-address";
/** The path and query the browser asked for (layouts have no other way to know it). */
export const REQUEST_PATH_HEADER = "x-skriptoteket-path";

/**
 * Set when the request came with forwarding headers, even those removed here: a proxy on the
 * same machine that is not configured (TRUST_PROXY_HOPS=0) still means the socket's loopback
 * address is not the visitor's (the metrics scrape must not take it for one).
 */
export const FORWARDED_MARK_HEADER = "x-skriptoteket-forwarded";

const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"] as const;

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * The client's address: the socket's peer, or — behind `hops` trusted proxies — the address the
 * outermost of them saw, counted from the right of X-Forwarded-For (entries further left are
 * the client's own claims and are never believed).
 */
export function clientAddressOf(socketAddress: string | undefined, forwardedFor: string | undefined, hops: number): string {
  const chain = [...(forwardedFor ?? "").split(","), socketAddress ?? ""].map((entry) => entry.trim()).filter(Boolean);
  const address = chain[Math.max(0, chain.length - 1 - hops)] ?? "unknown";
  // "::ffff:127.0.0.1" and "127.0.0.1" are one client.
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
}

/** The first value of a header a trusted proxy may have appended to ("a, b" → "a"). */
export function firstForwardedValue(value: string | null | undefined): string | undefined {
  const first = value?.split(",")[0]?.trim();
  return first ? first : undefined;
}

export function applyTrustedRequestHeaders(request: IncomingMessage, hops: number = env.TRUST_PROXY_HOPS): void {
  const headers = request.headers;
  const address = clientAddressOf(request.socket.remoteAddress, firstHeader(headers["x-forwarded-for"]), hops);
  const forwarded = [...FORWARDED_HEADERS, "x-real-ip"].some((name) => headers[name] !== undefined);
  if (forwarded) headers[FORWARDED_MARK_HEADER] = "1";
  else delete headers[FORWARDED_MARK_HEADER];
  if (hops === 0) for (const name of FORWARDED_HEADERS) delete headers[name];
  headers[CLIENT_ADDRESS_HEADER] = address;

  const url = new URL(request.url ?? "/", "http://localhost");
  // A client-side navigation asks for the same page with Next's cache-busting parameter.
  url.searchParams.delete("_rsc");
  headers[REQUEST_PATH_HEADER] = `${url.pathname}${url.search}`;
}
