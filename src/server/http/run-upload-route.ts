import "server-only";
import { getArtifactStore } from "../artifacts/default-artifact-store";
import { getCurrentActor } from "../auth/current-actor";
import type { Actor } from "../services/actor";
import { checkActiveRunLimit, type StoredInputFile } from "../services/queue-run";
import { ServiceError } from "../services/service-error";
import { errorResponse } from "./error-response";
import { receiveRunUpload } from "./receive-run-upload";
import { isSameOriginRequest } from "./same-origin";

/** A JSON-encoded text field of the form; unreadable JSON is the user's form, not our fault. */
export function jsonField(fields: Record<string, string>, name: string, fallback: unknown): unknown {
  const text = fields[name];
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError("VALIDATION", "Formulärets värden kunde inte läsas.");
  }
}

/**
 * What KÖR and TESTKÖR share: same-origin and session checks, the files streamed into the
 * store, the service that queues the run, 201 with the run id — and on any refusal, the stored
 * files removed again and the error answered in the one shared shape.
 */
export async function handleRunUpload(
  request: Request,
  start: (actor: Actor, upload: { fields: Record<string, string>; files: StoredInputFile[] }) => Promise<{ runId: string }>,
): Promise<Response> {
  if (!isSameOriginRequest(request)) return errorResponse(new ServiceError("FORBIDDEN", "Förfrågan kom inte från Skriptoteket och avvisades."));
  const actor = await getCurrentActor();
  if (!actor) return errorResponse(new ServiceError("UNAUTHORIZED", "Du behöver logga in."));
  const store = getArtifactStore();
  let batchPrefix: string | null = null;
  try {
    // Refuse a person at their run limit before receiving files that could not run anyway.
    if (actor.kind === "user") await checkActiveRunLimit(actor.userId);
    const upload = await receiveRunUpload(request, store);
    batchPrefix = upload.batchPrefix;
    const { runId } = await start(actor, upload);
    return Response.json({ runId }, { status: 201 });
  } catch (error) {
    if (batchPrefix) await store.deletePrefix(batchPrefix);
    return errorResponse(error);
  }
}
