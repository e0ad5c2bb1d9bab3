import "server-only";
import crypto from "node:crypto";
import { PassThrough, Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { env } from "@/env";
import { formatBytes } from "@/lib/format";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { checkInputFileName } from "../execution/input-names";
import { metrics } from "../observability/metrics";
import type { StoredInputFile } from "../services/queue-run";
import { ServiceError } from "../services/service-error";

/** The form field the files come in (tool-runner/upload-run.ts, the Testyta). */
const FILES_FIELD = "files";

/** How much of a refused upload is still read and dropped before the connection is cut. */
const DRAIN_CAP_BYTES = 64 * 1024 * 1024;

export type UploadLimits = { maxFiles: number; maxFileBytes: number; maxTotalBytes: number; stallSeconds: number };

export const defaultUploadLimits = (): UploadLimits => ({
  maxFiles: env.UPLOAD_MAX_FILES,
  maxFileBytes: env.UPLOAD_MAX_FILE_BYTES,
  maxTotalBytes: env.UPLOAD_MAX_TOTAL_BYTES,
  stallSeconds: env.UPLOAD_STALL_SECONDS,
});

const refuse = (message: string, code: "VALIDATION" | "LIMIT_EXCEEDED" = "LIMIT_EXCEEDED") =>
  new ServiceError(code, message, { fieldErrors: { files: message } });

const MALFORMED = "Uppladdningen kunde inte läsas: formuläret är felaktigt uppbyggt. Ladda om sidan och försök igen.";
const CUT_OFF = "Uppladdningen avbröts innan alla filer kommit fram. Försök igen.";

/**
 * busboy's own messages are English and name its internals; the teacher gets a Swedish one.
 * "Malformed part header" is what a raw control character in a file name (or any broken part
 * header) gives: the name cannot even be read, so it cannot be quoted.
 */
function parserProblem(error: unknown): ServiceError {
  const message = error instanceof Error ? error.message : "";
  if (/Malformed part header/i.test(message)) {
    return refuse("Ett filnamn innehåller styrtecken eller är felaktigt kodat. Byt namn på filen och försök igen.", "VALIDATION");
  }
  if (/Unexpected end of (form|file)/i.test(message)) return refuse(CUT_OFF, "VALIDATION");
  return refuse(MALFORMED, "VALIDATION");
}

/**
 * Streams a KÖR upload (multipart/form-data: text fields + files) into the artifact store under
 * `inputs/<batch>/<n>`, enforcing the limits WHILE receiving: a refused request stops reading,
 * keeps nothing, and names the file and the rule. Names are checked before a byte is stored
 * and are never used as storage keys.
 *
 * However the upload ends early — a refusal, a malformed body, a closed or reset connection,
 * a client that stops sending for `stallSeconds` — every file being written is aborted and the
 * batch removed: nothing of it stays in the store.
 */
export async function receiveRunUpload(
  request: Request,
  store: ArtifactStore,
  limits: UploadLimits = defaultUploadLimits(),
): Promise<{ fields: Record<string, string>; files: StoredInputFile[]; batchPrefix: string }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) throw refuse("Förfrågan saknar filer och fält (multipart/form-data).", "VALIDATION");
  const declared = Number(request.headers.get("content-length") ?? NaN);
  // Multipart adds headers per part; 1 MiB of slack covers any real form.
  if (Number.isFinite(declared) && declared > limits.maxTotalBytes + 1024 * 1024) {
    throw refuse(`Filerna är för stora tillsammans: högst ${formatBytes(limits.maxTotalBytes)} per körning.`);
  }
  if (!request.body) throw refuse("Förfrågan är tom.", "VALIDATION");

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      limits: { files: limits.maxFiles + 1, fileSize: limits.maxFileBytes + 1, fields: 50, fieldSize: 1024 * 1024, parts: limits.maxFiles + 60 },
      defParamCharset: "utf8",
      // Keep the name exactly as sent: "../x.csv" must be refused, not quietly turned into "x.csv".
      preservePath: true,
    });
  } catch {
    // No boundary, or a content type busboy cannot parse at all.
    throw refuse(MALFORMED, "VALIDATION");
  }

  const batchPrefix = `inputs/${crypto.randomUUID()}`;
  const fields: Record<string, string> = {};
  const files: StoredInputFile[] = [];
  const names = new Set<string>();
  let totalBytes = 0;
  let fileCount = 0;
  const pending: Promise<unknown>[] = [];
  /** The stream each file is being written from; destroyed to abort the writes. */
  const writing = new Set<PassThrough>();
  const body = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
  let stallTimer: NodeJS.Timeout | undefined;

  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: unknown, { drain = true }: { drain?: boolean } = {}) => {
        if (failed) return;
        failed = true;
        clearTimeout(stallTimer);
        body.unpipe(parser);
        // Abort every write in progress: each put then removes its partial file and settles.
        for (const stream of writing) stream.destroy();
        if (drain) {
          // Read (and drop) the rest of a bounded body, so the browser gets our answer instead
          // of a reset connection; a body past the cap is cut off.
          let drained = 0;
          body.on("data", (chunk: Buffer) => {
            drained += chunk.length;
            if (drained > DRAIN_CAP_BYTES) body.destroy();
          });
          body.resume();
        } else {
          body.destroy();
        }
        reject(error);
      };
      const armStallTimer = () => {
        clearTimeout(stallTimer);
        stallTimer = setTimeout(
          () => fail(refuse(`Uppladdningen stod still i ${limits.stallSeconds} sekunder och avbröts. Försök igen.`, "VALIDATION"), { drain: false }),
          limits.stallSeconds * 1000,
        );
      };
      armStallTimer();
      body.on("data", armStallTimer);
      body.on("end", () => clearTimeout(stallTimer));
      // A closed or reset connection: the body errors, or closes without having ended.
      body.on("error", () => fail(refuse(CUT_OFF, "VALIDATION"), { drain: false }));
      body.on("close", () => {
        if (!body.readableEnded) fail(refuse(CUT_OFF, "VALIDATION"), { drain: false });
      });
      request.signal?.addEventListener("abort", () => fail(refuse(CUT_OFF, "VALIDATION"), { drain: false }), { once: true });

      parser.on("field", (name, value, info) => {
        if (info.valueTruncated) return fail(refuse(`Fältet "${name}" är för långt.`, "VALIDATION"));
        // busboy reads a part with filename="" as a text field: a file without a name, whose
        // content would be dropped unseen. (An empty one is an empty file input: nothing chosen.)
        if (name === FILES_FIELD) {
          if (value.length > 0) fail(refuse("Ett filnamn är tomt.", "VALIDATION"));
          return;
        }
        fields[name] = value;
      });
      parser.on("file", (_field, stream, info) => {
        // busboy errors a file stream whose body is cut off; the parser reports it too.
        stream.on("error", () => {});
        const name = info.filename ?? "";
        const index = fileCount++;
        if (index >= limits.maxFiles) {
          stream.resume();
          return fail(refuse(`För många filer: högst ${limits.maxFiles} per körning.`));
        }
        const check = checkInputFileName(name);
        if (!check.ok) {
          stream.resume();
          return fail(refuse(check.message, "VALIDATION"));
        }
        if (names.has(name)) {
          stream.resume();
          return fail(refuse(`Filen "${name}" finns två gånger. Varje fil måste ha ett eget namn.`, "VALIDATION"));
        }
        names.add(name);
        const key = `${batchPrefix}/${index}`;
        const counted = new PassThrough();
        writing.add(counted);
        let bytes = 0;
        stream.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          totalBytes += chunk.length;
          if (totalBytes > limits.maxTotalBytes) {
            stream.unpipe(counted);
            fail(refuse(`Filerna är för stora tillsammans: högst ${formatBytes(limits.maxTotalBytes)} per körning (stoppade vid "${name}").`));
          }
        });
        stream.on("limit", () => {
          stream.unpipe(counted);
          fail(refuse(`Filen "${name}" är för stor: högst ${formatBytes(limits.maxFileBytes)} per fil.`));
        });
        stream.pipe(counted);
        const stored = store.put(key, counted, { maxBytes: limits.maxFileBytes }).then(
          () => {
            files.push({ name, bytes, storeKey: key });
            metrics.uploadBytes.inc(bytes);
            metrics.uploadFiles.inc();
          },
          (error: unknown) => fail(failed ? error : refuse(`Filen "${name}" kunde inte tas emot.`)),
        );
        pending.push(stored.finally(() => writing.delete(counted)));
      });
      parser.on("filesLimit", () => fail(refuse(`För många filer: högst ${limits.maxFiles} per körning.`)));
      parser.on("error", (error) => fail(parserProblem(error)));
      parser.on("close", () => {
        Promise.all(pending).then(() => (failed ? undefined : resolve()), fail);
      });
      body.pipe(parser);
    });
  } catch (error) {
    await Promise.allSettled(pending);
    await store.deletePrefix(batchPrefix);
    throw error;
  } finally {
    clearTimeout(stallTimer);
  }
  // Keep the order the user chose (puts may finish out of order).
  files.sort((a, b) => Number(a.storeKey.split("/").pop()) - Number(b.storeKey.split("/").pop()));
  return { fields, files, batchPrefix };
}
