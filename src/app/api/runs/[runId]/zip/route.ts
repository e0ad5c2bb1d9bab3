import { PassThrough, Readable } from "node:stream";
import archiver from "archiver";
import { getArtifactStore } from "@/server/artifacts/default-artifact-store";
import { getCurrentActor } from "@/server/auth/current-actor";
import { artifactSecurityHeaders, contentDisposition } from "@/server/http/download-headers";
import { errorResponse } from "@/server/http/error-response";
import { listRunArtifacts } from "@/server/services/get-run-artifact";
import { ServiceError } from "@/server/services/service-error";

/**
 * "Ladda ner alla": every artifact of the run in one zip, streamed entry by entry (stored, not
 * compressed — documents and images are already compressed, and it keeps the CPU free).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const actor = await getCurrentActor();
  if (!actor) return errorResponse(new ServiceError("UNAUTHORIZED", "Du behöver logga in."));
  try {
    if (!/^[0-9a-f-]{36}$/i.test(runId)) throw new ServiceError("NOT_FOUND", "Körningen finns inte.");
    const artifacts = await listRunArtifacts({ actor, runId });
    if (artifacts.length === 0) throw new ServiceError("NOT_FOUND", "Körningen har inga filer att ladda ner.");
    const store = getArtifactStore();
    const zip = archiver("zip", { store: true });
    const out = new PassThrough();
    zip.on("error", (error) => out.destroy(error));
    zip.pipe(out);
    void (async () => {
      try {
        for (const artifact of artifacts) {
          const entry = await store.open(artifact.storeKey);
          zip.append(entry, { name: artifact.path.replace(/^output\//, "") });
          // One open file at a time: wait until archiver has consumed this entry.
          await new Promise<void>((resolve, reject) => {
            entry.once("end", resolve);
            entry.once("close", resolve);
            entry.once("error", reject);
          });
        }
        await zip.finalize();
      } catch (error) {
        out.destroy(error as Error);
      }
    })();
    return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        ...artifactSecurityHeaders(),
        "Content-Type": "application/zip",
        "Content-Disposition": contentDisposition("attachment", `skriptoteket-${runId.slice(0, 8)}.zip`),
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
