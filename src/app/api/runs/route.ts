import { getArtifactStore } from "@/server/artifacts/default-artifact-store";
import { getCurrentActor } from "@/server/auth/current-actor";
import { errorResponse } from "@/server/http/error-response";
import { receiveRunUpload } from "@/server/http/receive-run-upload";
import { isSameOriginRequest } from "@/server/http/same-origin";
import { ServiceError } from "@/server/services/service-error";
import { startRun } from "@/server/services/start-run";

/**
 * KÖR: the tool page posts the form as multipart/form-data — `slug`, `values` (JSON) and the
 * files — and gets the new run's id back; progress then comes over `run.watch`.
 */
export async function POST(request: Request) {
  if (!isSameOriginRequest(request)) return errorResponse(new ServiceError("FORBIDDEN", "Förfrågan kom inte från Skriptoteket och avvisades."));
  const actor = await getCurrentActor();
  if (!actor) return errorResponse(new ServiceError("UNAUTHORIZED", "Du behöver logga in."));
  const store = getArtifactStore();
  let batchPrefix: string | null = null;
  try {
    const upload = await receiveRunUpload(request, store);
    batchPrefix = upload.batchPrefix;
    let values: Record<string, unknown> = {};
    try {
      values = JSON.parse(upload.fields.values ?? "{}") as Record<string, unknown>;
    } catch {
      throw new ServiceError("VALIDATION", "Formulärets värden kunde inte läsas.");
    }
    const { runId } = await startRun({ actor, input: { slug: upload.fields.slug ?? "", values, files: upload.files } });
    return Response.json({ runId }, { status: 201 });
  } catch (error) {
    if (batchPrefix) await store.deletePrefix(batchPrefix);
    return errorResponse(error);
  }
}
