import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import archiver from "archiver";
import { getArtifactStore } from "../artifacts/default-artifact-store";
import { actorFromCookieHeader } from "../auth/session-cookie";
import { getRunArtifact, listRunArtifacts } from "../services/get-run-artifact";
import { ServiceError } from "../services/service-error";
import { artifactSecurityHeaders, canShowInline, contentDisposition, parseRange } from "./download-headers";
import { metrics } from "../observability/metrics";
import { errorStatusAndBody } from "./error-response";

const ARTIFACT_PATH = /^\/api\/runs\/([0-9a-f-]{36})\/artifacts\/(.+)$/i;
const ZIP_PATH = /^\/api\/runs\/([0-9a-f-]{36})\/zip$/i;

/**
 * Artifact downloads, served by plain Node in front of Next (src/cli/web.ts): Next 16 drops
 * Content-Length from every route-handler response (send-response.ts), and a download needs
 * it for progress bars and resumes. Files are piped from the store to the socket with
 * backpressure, so memory stays flat for any size. Returns false for other requests.
 */
export async function serveArtifactDownload(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const artifactMatch = ARTIFACT_PATH.exec(url.pathname);
  const zipMatch = artifactMatch ? null : ZIP_PATH.exec(url.pathname);
  if (!artifactMatch && !zipMatch) return false;
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD" }).end();
    return true;
  }
  try {
    const actor = await actorFromCookieHeader(request.headers.cookie);
    if (!actor) throw new ServiceError("UNAUTHORIZED", "Du behöver logga in.");
    if (artifactMatch) await sendArtifact(request, response, url, actor, artifactMatch[1]!, artifactMatch[2]!);
    else await sendZip(response, actor, zipMatch![1]!);
  } catch (error) {
    if (response.headersSent) {
      response.destroy(error as Error);
    } else {
      const { status, body } = errorStatusAndBody(error);
      response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" }).end(JSON.stringify(body));
    }
  }
  return true;
}

async function sendArtifact(request: IncomingMessage, response: ServerResponse, url: URL, actor: NonNullable<Awaited<ReturnType<typeof actorFromCookieHeader>>>, runId: string, encodedPath: string) {
  let relative: string;
  try {
    relative = encodedPath.split("/").map(decodeURIComponent).join("/");
  } catch {
    throw new ServiceError("NOT_FOUND", "Filen finns inte.");
  }
  const artifact = await getRunArtifact({ actor, runId, path: `output/${relative}` });
  const fileName = relative.split("/").pop() || "fil";
  const inline = url.searchParams.get("inline") === "1" && canShowInline(artifact.contentType);
  const headers: Record<string, string> = {
    ...artifactSecurityHeaders(),
    "Content-Type": artifact.contentType || "application/octet-stream",
    "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", fileName),
    "Accept-Ranges": "bytes",
    ETag: `"${artifact.sha256}"`,
  };
  const range = parseRange(request.headers.range ?? null, artifact.bytes);
  if (range === "unsatisfiable") {
    response.writeHead(416, { ...headers, "Content-Range": `bytes */${artifact.bytes}` }).end();
    return;
  }
  const length = range ? range.end - range.start + 1 : artifact.bytes;
  response.writeHead(range ? 206 : 200, {
    ...headers,
    "Content-Length": String(length),
    ...(range ? { "Content-Range": `bytes ${range.start}-${range.end}/${artifact.bytes}` } : {}),
  });
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  const stream = await getArtifactStore().open(artifact.storeKey, range ?? undefined);
  // Counted as sent, so a download cut short counts what it took.
  stream.on("data", (chunk: Buffer) => metrics.downloadBytes.inc(chunk.length));
  await pipeline(stream, response);
}

/** "Ladda ner alla": every artifact in one zip, entry by entry, stored uncompressed. */
async function sendZip(response: ServerResponse, actor: NonNullable<Awaited<ReturnType<typeof actorFromCookieHeader>>>, runId: string) {
  const artifacts = await listRunArtifacts({ actor, runId });
  if (artifacts.length === 0) throw new ServiceError("NOT_FOUND", "Körningen har inga filer att ladda ner.");
  const store = getArtifactStore();
  response.writeHead(200, {
    ...artifactSecurityHeaders(),
    "Content-Type": "application/zip",
    "Content-Disposition": contentDisposition("attachment", `skriptoteket-${runId.slice(0, 8)}.zip`),
  });
  // Documents and images are compressed already; storing keeps the CPU free for runs.
  const zip = archiver("zip", { store: true });
  zip.on("data", (chunk: Buffer) => metrics.downloadBytes.inc(chunk.length));
  const done = pipeline(zip, response);
  for (const artifact of artifacts) {
    const entry = await store.open(artifact.storeKey);
    zip.append(entry, { name: artifact.path.replace(/^output\//, "") });
    // One open file at a time.
    await new Promise<void>((resolve, reject) => {
      entry.once("close", resolve);
      entry.once("error", reject);
    });
  }
  await zip.finalize();
  await done;
}
