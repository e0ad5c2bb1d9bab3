import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/env";

/**
 * The upload routes stream multipart bodies into the artifact store with limits of their own
 * (UPLOAD_MAX_*); every other route gets a small body or none.
 */
const UPLOAD_PATHS = new Set(["/api/runs", "/api/sandbox-runs"]);

function refuse(response: ServerResponse, status: number, message: string) {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", connection: "close" });
  response.end(JSON.stringify({ error: { code: "LIMIT_EXCEEDED", message } }));
}

/**
 * Answers 413 for a body over HTTP_MAX_BODY_BYTES (and 411 for a body of unannounced length)
 * before Next reads a byte of it; returns true when it answered. Node checks Content-Length
 * against the bytes that actually arrive, so the announced length is the length read. One place
 * in front of every route — tRPC, next-auth, server actions — instead of a check per route.
 */
export function refuseOversizedBody(request: IncomingMessage, response: ServerResponse, maxBytes = env.HTTP_MAX_BODY_BYTES): boolean {
  const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
  if (UPLOAD_PATHS.has(pathname)) return false;
  const length = request.headers["content-length"];
  if (length === undefined) {
    if (request.headers["transfer-encoding"] === undefined) return false; // no body
    refuse(response, 411, "Förfrågan saknar längduppgift och avvisades.");
    return true;
  }
  if (Number(length) > maxBytes) {
    refuse(response, 413, "Förfrågan är för stor och avvisades.");
    return true;
  }
  return false;
}
