import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/env";
import { metrics, METRICS_CONTENT_TYPE } from "../observability/metrics";
import { FORWARDED_MARK_HEADER } from "./trusted-request";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
// A proxy on the same machine makes every visitor look local: a request it forwarded is never "loopback".
// (The web server removes unvouched forwarding headers first and leaves FORWARDED_MARK_HEADER.)
const PROXY_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip", FORWARDED_MARK_HEADER];

/**
 * Who may scrape: a Bearer METRICS_TOKEN from anywhere, or, without a token, only a
 * connection whose socket comes from loopback and that no proxy forwarded. The address is the
 * socket's own, never a header, so X-Forwarded-For cannot fake it.
 */
export function mayScrape(request: IncomingMessage): boolean {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer (.+)$/.exec(header);
    if (!env.METRICS_TOKEN || !match) return false;
    const given = crypto.createHash("sha256").update(match[1]!).digest();
    const expected = crypto.createHash("sha256").update(env.METRICS_TOKEN).digest();
    return crypto.timingSafeEqual(given, expected);
  }
  const forwarded = PROXY_HEADERS.some((name) => request.headers[name] !== undefined);
  return !forwarded && LOOPBACK.has(request.socket.remoteAddress ?? "");
}

/** Answers GET `path` with this process's metrics; false for any other request. */
export async function serveMetrics(request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> {
  const pathname = (request.url ?? "/").split("?")[0];
  if (pathname !== path) return false;
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD" }).end();
    return true;
  }
  if (!mayScrape(request)) {
    response
      .writeHead(401, { "Content-Type": "text/plain; charset=utf-8", "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" })
      .end("Metrics need Authorization: Bearer <METRICS_TOKEN>, or a request from this machine.\n");
    return true;
  }
  const body = await metrics.render();
  response.writeHead(200, { "Content-Type": METRICS_CONTENT_TYPE, "Cache-Control": "no-store" }).end(request.method === "HEAD" ? undefined : body);
  return true;
}
