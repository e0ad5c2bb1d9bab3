import { getArtifactStore } from "@/server/artifacts/default-artifact-store";
import { getCurrentActor } from "@/server/auth/current-actor";
import { errorResponse } from "@/server/http/error-response";
import { receiveRunUpload } from "@/server/http/receive-run-upload";
import { isSameOriginRequest } from "@/server/http/same-origin";
import { ServiceError } from "@/server/services/service-error";
import { startSandboxRun } from "@/server/services/start-sandbox-run";

function jsonField(fields: Record<string, string>, name: string, fallback: unknown): unknown {
  const text = fields[name];
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError("VALIDATION", "Formulärets värden kunde inte läsas.");
  }
}

/**
 * TESTKÖR: the Testyta posts multipart/form-data — `toolId`, `script` (JSON: a saved version,
 * or the editor's unsaved content), `values` and `settings` (JSON) and the files — and gets
 * the new sandbox run's id back; progress then comes over `run.watch`, as for KÖR.
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
    const { runId } = await startSandboxRun({
      actor,
      input: {
        toolId: upload.fields.toolId ?? "",
        script: jsonField(upload.fields, "script", null) as never,
        values: jsonField(upload.fields, "values", {}) as Record<string, unknown>,
        settings: jsonField(upload.fields, "settings", {}) as Record<string, unknown>,
        files: upload.files,
      },
    });
    return Response.json({ runId }, { status: 201 });
  } catch (error) {
    if (batchPrefix) await store.deletePrefix(batchPrefix);
    return errorResponse(error);
  }
}
