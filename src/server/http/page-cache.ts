import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
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
 * page); only signed-in users with a role are served, keyed by role and query; only complete
 * 200 responses without cookies are stored. A newly published tool shows within TTL_MS.
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

/** Client-side navigations ask for the RSC payload, not HTML: those go to Next as usual. */
function isDocumentRequest(request: IncomingMessage): boolean {
  return !request.headers.rsc && !request.headers["next-router-prefetch"] && !request.headers["next-router-state-tree"] && !request.headers["next-action"];
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
  if (!CACHED_PATHS.has(url.pathname) || !isDocumentRequest(request)) return false;
  if (PERSONAL_PARAMS.some((name) => url.searchParams.has(name))) return false;
  const actor = await actorFromCookieHeader(request.headers.cookie);
  if (!actor || actor.kind !== "user") return false;

  // Next gzips pages for clients that accept it: keep one copy per encoding.
  const gzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  const key = `${actor.role satisfies Role}|${gzip ? "gzip" : "identity"}|${url.pathname}${url.search}`;
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
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    collect(chunk, rest[0]);
    const headers = response.getHeaders();
    const encoding = String(headers["content-encoding"] ?? "identity");
    if (response.statusCode === 200 && !headers["set-cookie"] && encoding === (gzip ? "gzip" : "identity")) {
      const kept: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined && name !== "content-length" && name !== "transfer-encoding") kept[name] = Array.isArray(value) ? value : String(value);
      }
      stored = { storedAt: Date.now(), status: 200, headers: kept, body: Buffer.concat(chunks) };
      remember(key, stored);
    }
    return (end as (...args: unknown[]) => ServerResponse)(chunk, ...rest);
  }) as typeof response.end;
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
