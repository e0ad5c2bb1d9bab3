import { Readable } from "node:stream";
import { getArtifactStore } from "@/server/artifacts/default-artifact-store";
import { getCurrentActor } from "@/server/auth/current-actor";
import { artifactSecurityHeaders, canShowInline, contentDisposition, parseRange } from "@/server/http/download-headers";
import { errorResponse } from "@/server/http/error-response";
import { getRunArtifact } from "@/server/services/get-run-artifact";
import { ServiceError } from "@/server/services/service-error";

/**
 * Streams one artifact (never buffered: memory stays flat for a multi-gigabyte file), after
 * the service has checked that the actor may see the run. `?inline=1` shows an image in the
 * page; everything else is an attachment. Supports one byte range, for resumed downloads.
 */
export async function GET(request: Request, { params }: { params: Promise<{ runId: string; path: string[] }> }) {
  const { runId, path } = await params;
  const actor = await getCurrentActor();
  if (!actor) return errorResponse(new ServiceError("UNAUTHORIZED", "Du behöver logga in."));
  try {
    if (!/^[0-9a-f-]{36}$/i.test(runId)) throw new ServiceError("NOT_FOUND", "Filen finns inte.");
    const relative = path.map((segment) => decodeURIComponent(segment)).join("/");
    const artifact = await getRunArtifact({ actor, runId, path: `output/${relative}` });
    const fileName = relative.split("/").pop() ?? "fil";
    const inline = new URL(request.url).searchParams.get("inline") === "1" && canShowInline(artifact.contentType);
    const headers: Record<string, string> = {
      ...artifactSecurityHeaders(),
      "Content-Type": inline ? artifact.contentType : artifact.contentType || "application/octet-stream",
      "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", fileName),
      "Accept-Ranges": "bytes",
      ETag: `"${artifact.sha256}"`,
    };
    const range = parseRange(request.headers.get("range"), artifact.bytes);
    if (range === "unsatisfiable") {
      return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${artifact.bytes}` } });
    }
    const store = getArtifactStore();
    const stream = await store.open(artifact.storeKey, range ?? undefined);
    const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
    if (range) {
      return new Response(body, {
        status: 206,
        headers: { ...headers, "Content-Length": String(range.end - range.start + 1), "Content-Range": `bytes ${range.start}-${range.end}/${artifact.bytes}` },
      });
    }
    return new Response(body, { status: 200, headers: { ...headers, "Content-Length": String(artifact.bytes) } });
  } catch (error) {
    return errorResponse(error);
  }
}
