import { handleRunUpload, jsonField } from "@/server/http/run-upload-route";
import { startRun } from "@/server/services/start-run";

/**
 * KÖR: the tool page posts the form as multipart/form-data — `slug`, `values` (JSON) and the
 * files — and gets the new run's id back; progress then comes over `run.watch`.
 */
export function POST(request: Request) {
  return handleRunUpload(request, (actor, upload) =>
    startRun({ actor, input: { slug: upload.fields.slug ?? "", values: jsonField(upload.fields, "values", {}) as Record<string, unknown>, files: upload.files } }),
  );
}
