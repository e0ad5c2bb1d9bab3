import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import zlib from "node:zlib";
import type { Role } from "@/lib/domain";
import { actorFromCookieHeader } from "../auth/session-cookie";

/**
 * A short-lived shared cache of the Katalog page (`GET /tools?…`, full page loads).
 *
 * Why: every Next.js render costs this machine a fixed ~10 ms of CPU before any data, so a
 * school's teachers opening the Katalog at 08:00 would queue behind each other. The Katalog is
 * the same for everyone with the same role — the page carries no personal data (the name in the
 * header is fetched by the browser) — so one render serves them all for a few seconds.
 *
 * Safety: the session is still checked on every request (the same database check as any
 * page); only signed-in users with a role are served. A newly published tool shows within TTL_MS.
 *
 * What is stored, and for whom (an incident: `x-middleware-prefetch: 1` made Next answer `{}`,
 * which was stored and served as the Katalog to everyone of that role):
 * - only plain document requests: GET (not HEAD), no Range or conditional headers, none of
 *   Next's own request headers (RSC, prefetch, router state, server actions, middleware) and no
 *   `_rsc` query — anything else goes to Next untouched;
 * - keyed by the exact request shape that can change the answer: role, path and query, and the
 *   raw Accept and Accept-Encoding headers (browsers of one kind send identical ones);
 * - and only when the answer is a complete HTML page: 200, text/html, no cookie, the encoding
 *   that was asked for, the whole body written (the response finished, not aborted) and, once
 *   decoded, a document from `<!DOCTYPE html>` to `</html>`.
 *
 * The Content-Security-Policy header (with its per-render nonce) is stored with the body it
 * was rendered with, so a cached page always carries the nonce its own scripts have. Sharing a
 * nonce for TTL_MS is safe: the cached body is fixed, so nothing can be injected into it.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 500;
const CACHED_PATHS = new Set(["/tools"]);
/** Query parameters that make the page personal ("Bara favoriter"): such pages are never cached. */
const PERSONAL_PARAMS = ["favoriter"];

type Entry = { storedAt: number; status: number; headers: Record<string, string | string[]>; body: Buffer };
const entries = new Map<string, Entry>();
/** Renders under way, by key: others wait for it (no stampede when a page expires). */
const rendering = new Map<string, Promise<Entry | null>>();

function send(response: ServerResponse, entry: Entry) {
  response.writeHead(entry.status, { ...entry.headers, "content-length": String(entry.body.length) });
  response.end(entry.body);
}

/**
 * Request headers that make Next answer something other than the full page (RSC payloads,
 * prefetch stubs, partial content, 304s): such requests are never answered from, nor stored in,
 * the cache. Prefixes catch the headers Next adds in later versions too.
 */
const NOT_A_PLAIN_PAGE_REQUEST = /^(rsc|next-|x-middleware-|x-nextjs-|x-invoke-|x-matched-path|purpose|sec-purpose|range|if-)/;

/** Client-side navigations ask for the RSC payload, not HTML: those go to Next as usual. */
function isPlainDocumentRequest(request: IncomingMessage, url: URL): boolean {
  if (url.searchParams.has("_rsc")) return false;
  if (!/\btext\/html\b/.test(String(request.headers.accept ?? ""))) return false;
  return !Object.keys(request.headers).some((name) => NOT_A_PLAIN_PAGE_REQUEST.test(name));
}

/** The body, decoded, is one whole HTML document (not `{}`, an RSC payload or a cut-off page). */
function isCompleteHtmlDocument(body: Buffer, encoding: string): boolean {
  let text: string;
  try {
    text = (encoding === "gzip" ? zlib.gunzipSync(body) : body).toString("utf8");
  } catch {
    return false;
  }
  return /^\s*<!DOCTYPE html>/i.test(text) && /<\/html>\s*$/i.test(text);
}

function remember(key: string, entry: Entry) {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(key, entry);
}

/**
 * Answers from the cache when it can; otherwise lets `render` (Next) answer and keeps a copy.
 * Returns false when the request is not one this cache handles.
 */
export async function servePageFromCache(
  request: IncomingMessage,
  response: ServerResponse,
  render: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
): Promise<boolean> {
  if (request.method !== "GET") return false;
  const url = new URL(request.url ?? "/", "http://localhost");
  if (!CACHED_PATHS.has(url.pathname) || !isPlainDocumentRequest(request, url)) return false;
  if (PERSONAL_PARAMS.some((name) => url.searchParams.has(name))) return false;
  const actor = await actorFromCookieHeader(request.headers.cookie);
  if (!actor || actor.kind !== "user") return false;

  // Next gzips pages for clients that accept it: one copy per exact Accept-Encoding (and
  // Accept), and only an answer in the encoding this request's negotiation expects is kept.
  const acceptEncoding = String(request.headers["accept-encoding"] ?? "");
  const gzip = /\bgzip\b(?!\s*;\s*q=0(\.0*)?\b)/.test(acceptEncoding);
  const key = JSON.stringify([actor.role satisfies Role, String(request.headers.accept), acceptEncoding, `${url.pathname}${url.search}`]);
  const hit = entries.get(key);
  if (hit && Date.now() - hit.storedAt < TTL_MS) {
    send(response, hit);
    return true;
  }
  const inFlight = rendering.get(key);
  if (inFlight) {
    // Someone is rendering this page right now: serve the previous copy (at most one render
    // older than TTL_MS), or wait for the new one.
    const entry = hit ?? (await inFlight);
    if (entry) {
      send(response, entry);
      return true;
    }
  }

  let settle!: (entry: Entry | null) => void;
  rendering.set(key, new Promise((resolve) => (settle = resolve)));
  let stored: Entry | null = null;

  const chunks: Buffer[] = [];
  const write = response.write.bind(response);
  const end = response.end.bind(response);
  const collect = (chunk: unknown, encoding?: unknown) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
    }
  };
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    collect(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof response.write;
  let candidate: Entry | null = null;
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    collect(chunk, rest[0]);
    const headers = response.getHeaders();
    const encoding = String(headers["content-encoding"] ?? "identity");
    const html = /^text\/html\b/.test(String(headers["content-type"] ?? ""));
    if (response.statusCode === 200 && html && !headers["set-cookie"] && !headers["content-range"] && encoding === (gzip ? "gzip" : "identity")) {
      const kept: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined && name !== "content-length" && name !== "transfer-encoding") kept[name] = Array.isArray(value) ? value : String(value);
      }
      const body = Buffer.concat(chunks);
      if (isCompleteHtmlDocument(body, encoding)) candidate = { storedAt: Date.now(), status: 200, headers: kept, body };
    }
    return (end as (...args: unknown[]) => ServerResponse)(chunk, ...rest);
  }) as typeof response.end;
  // Kept only once every byte has been handed to the connection: an aborted response is not.
  response.once("finish", () => {
    if (!candidate) return;
    stored = candidate;
    remember(key, stored);
  });
  try {
    await render(request, response);
    // Next may finish writing after its handler resolves.
    if (!response.writableFinished) await new Promise((resolve) => response.once("close", resolve));
  } finally {
    rendering.delete(key);
    settle(stored);
  }
  return true;
}
