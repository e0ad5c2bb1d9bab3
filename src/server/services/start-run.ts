import "server-only";
import { fileFieldOf } from "@/lib/tool-schemas";
import { validateFormValues } from "@/lib/form-values";
import { getDb } from "../db/client";
import { checkInputFileNames } from "../execution/input-names";
import { requireUser, type Actor } from "./actor";
import { queueRun, type StoredInputFile } from "./queue-run";
import { invalidFields, ServiceError } from "./service-error";
import { effectiveSettings, loadPublishedTool, loadToolSession } from "./tool-access";

export type StartRunInput = { slug: string; values: Record<string, unknown>; files: StoredInputFile[] };

function fileRefusal(message: string): ServiceError {
  return new ServiceError("VALIDATION", message, { fieldErrors: { files: message } });
}

/**
 * KÖR: validates the form values and the uploaded files against the active version's
 * input_schema, then queues the run with the user's saved settings. The files were already
 * streamed into the artifact store by the upload route (which enforces size limits and name
 * rules while receiving); they are checked again here, because this is where the rules live.
 */
export async function startRun({ actor, input }: { actor: Actor | null; input: StartRunInput }) {
  const who = requireUser(actor, "user", "Bara inloggade användare kan köra verktyg.");
  const db = getDb();
  const { tool, version, inputSchema, settingsSchema } = await loadPublishedTool(db, input.slug);

  const valueFields = inputSchema.filter((field) => field.kind !== "file");
  const validation = validateFormValues(valueFields as never, input.values);
  if (!validation.ok) throw invalidFields(validation.errors);
  checkFiles(inputSchema, input.files);

  const session = await loadToolSession(db, { toolId: tool.id, userId: who.userId, context: "production" });
  return db.transaction((tx) =>
    queueRun(tx, {
      toolId: tool.id,
      userId: who.userId,
      context: "production",
      script: { versionId: version.id },
      inputFiles: input.files,
      inputValues: validation.values,
      settings: effectiveSettings(session, settingsSchema),
    }),
  );
}

export function checkFiles(inputSchema: Parameters<typeof fileFieldOf>[0], files: StoredInputFile[]): void {
  const field = fileFieldOf(inputSchema);
  if (!field) {
    if (files.length > 0) throw fileRefusal("Det här verktyget tar inte emot filer.");
    return;
  }
  const nameProblem = checkInputFileNames(files.map((file) => file.name));
  if (nameProblem) throw fileRefusal(nameProblem);
  if (files.length < field.min) {
    throw fileRefusal(field.min === 1 ? "Välj en fil att köra verktyget på." : `Verktyget behöver minst ${field.min} filer (du valde ${files.length}).`);
  }
  if (files.length > field.max) throw fileRefusal(`Verktyget tar högst ${field.max} ${field.max === 1 ? "fil" : "filer"} (du valde ${files.length}).`);
  if (field.accept.length > 0) {
    for (const file of files) {
      const lower = file.name.toLowerCase();
      if (!field.accept.some((ending) => lower.endsWith(ending.toLowerCase()))) {
        throw fileRefusal(`Filen "${file.name}" har fel filtyp. Verktyget tar emot ${field.accept.join(", ")}.`);
      }
    }
  }
  for (const file of files) {
    if (file.bytes === 0) throw fileRefusal(`Filen "${file.name}" är tom (0 byte).`);
  }
}
