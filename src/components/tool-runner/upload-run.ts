/** What a refused KÖR says: a message for the form and, where it applies, per field. */
export type UploadError = { message: string; fieldErrors?: Record<string, string> };

/**
 * Posts the form and files to /api/runs as multipart/form-data. XMLHttpRequest rather than
 * fetch, because only it reports upload progress (a 50 MB upload on school Wi-Fi takes a while).
 */
export function uploadRun({
  slug,
  values,
  files,
  onProgress,
}: {
  slug: string;
  values: Record<string, unknown>;
  files: File[];
  onProgress: (percent: number) => void;
}): Promise<{ runId: string }> {
  const body = new FormData();
  body.append("slug", slug);
  body.append("values", JSON.stringify(values));
  for (const file of files) body.append("files", file, file.name);
  return postRunForm("/api/runs", body, onProgress);
}

/** Posts a run form (KÖR at /api/runs, TESTKÖR at /api/sandbox-runs) and resolves with the new run's id. */
export function postRunForm(url: string, body: FormData, onProgress: (percent: number) => void): Promise<{ runId: string }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.responseType = "json";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () => {
      const response = request.response as { runId?: string; error?: UploadError } | null;
      if (request.status === 201 && response?.runId) return resolve({ runId: response.runId });
      if (request.status === 401) return reject({ message: "Du har blivit utloggad. Ladda om sidan och logga in igen." } satisfies UploadError);
      reject({
        message: response?.error?.message ?? "Körningen kunde inte startas. Försök igen.",
        fieldErrors: response?.error?.fieldErrors ?? undefined,
      } satisfies UploadError);
    };
    request.onerror = () => reject({ message: "Anslutningen bröts under uppladdningen. Kontrollera nätverket och försök igen." } satisfies UploadError);
    request.send(body);
  });
}
