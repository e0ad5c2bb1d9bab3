import { handleRunUpload, jsonField } from "@/server/http/run-upload-route";
import { startSandboxRun } from "@/server/services/start-sandbox-run";

/**
 * TESTKÖR: the Testyta posts multipart/form-data — `toolId`, `script` (JSON: a saved version,
 * or the editor's unsaved content), `values` and `settings` (JSON) and the files — and gets
 * the new sandbox run's id back; progress then comes over `run.watch`, as for KÖR.
 */
export function POST(request: Request) {
  return handleRunUpload(request, (actor, upload) =>
    startSandboxRun({
      actor,
      input: {
        toolId: upload.fields.toolId ?? "",
        script: jsonField(upload.fields, "script", null) as never,
        values: jsonField(upload.fields, "values", {}) as Record<string, unknown>,
        settings: jsonField(upload.fields, "settings", {}) as Record<string, unknown>,
        files: upload.files,
      },
    }),
  );
}
