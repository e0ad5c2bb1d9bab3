/**
 * A tool version's input_schema and settings_schema (RUNNER-CONTRACT.md §7): the form a user
 * fills in before KÖR, and the per-user settings panel. Pure and isomorphic: the Testyta
 * validates schemas with these, the tool page renders forms from them, and the server
 * validates submitted values with form-values.ts before anything is queued.
 */
import { z } from "zod";
import { enumOptionSchema } from "./ui-contract";

/** A field name becomes a key of SKRIPTOTEKET_INPUTS / memory.json: keep it an identifier. */
const fieldName = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, { error: "Fältnamnet får bara innehålla a–z, A–Z, 0–9 och _, och får inte börja med en siffra." });

const base = {
  name: fieldName,
  label: z.string().trim().min(1, { error: "Fältet behöver en etikett." }).max(200),
  help: z.string().max(1000).optional(),
  required: z.boolean().default(false),
};

const options = z.array(enumOptionSchema).min(1, { error: "Ange minst ett alternativ." }).max(200);

const stringField = z.strictObject({ ...base, kind: z.literal("string"), default: z.string().max(10_000).optional(), maxLength: z.number().int().positive().max(10_000).optional() });
const textField = z.strictObject({ ...base, kind: z.literal("text"), default: z.string().max(100_000).optional(), maxLength: z.number().int().positive().max(100_000).optional() });
const integerField = z.strictObject({ ...base, kind: z.literal("integer"), default: z.number().int().optional(), min: z.number().int().optional(), max: z.number().int().optional() });
const numberField = z.strictObject({ ...base, kind: z.literal("number"), default: z.number().optional(), min: z.number().optional(), max: z.number().optional() });
const booleanField = z.strictObject({ ...base, kind: z.literal("boolean"), default: z.boolean().optional() });
const enumField = z.strictObject({ ...base, kind: z.literal("enum"), options, default: z.string().optional() });
const multiEnumField = z.strictObject({ ...base, kind: z.literal("multi_enum"), options, default: z.array(z.string()).optional() });

/** The files of a run: at most one such field per input_schema. */
const fileField = z.strictObject({
  ...base,
  kind: z.literal("file"),
  /** File endings users may upload, e.g. [".csv", ".xlsx"]; empty = any. */
  accept: z.array(z.string().regex(/^\.[a-z0-9]{1,10}$/i, { error: "Filtyper skrivs som .csv, .xlsx …" })).max(20).default([]),
  min: z.number().int().min(0).default(1),
  max: z.number().int().min(1).default(1),
});

export const inputFieldSchema = z.discriminatedUnion("kind", [stringField, textField, integerField, numberField, booleanField, enumField, fileField]);
export const settingsFieldSchema = z.discriminatedUnion("kind", [stringField, textField, integerField, numberField, booleanField, enumField, multiEnumField]);
export type InputField = z.infer<typeof inputFieldSchema>;
export type SettingsField = z.infer<typeof settingsFieldSchema>;
export type FileField = z.infer<typeof fileField>;
export type ValueField = Exclude<InputField, FileField> | SettingsField;

function uniqueNames(fields: { name: string }[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    if (seen.has(field.name)) ctx.addIssue({ code: "custom", path: [index, "name"], message: `Fältnamnet "${field.name}" används två gånger.` });
    seen.add(field.name);
  });
}

export const inputSchemaSchema = z
  .array(inputFieldSchema)
  .max(40)
  .superRefine((fields, ctx) => {
    uniqueNames(fields, ctx);
    if (fields.filter((field) => field.kind === "file").length > 1) ctx.addIssue({ code: "custom", path: [], message: "Högst ett filfält per verktyg." });
    for (const [index, field] of fields.entries()) {
      if (field.kind === "file" && field.min > field.max) ctx.addIssue({ code: "custom", path: [index, "min"], message: "Minsta antal filer är större än största." });
      if ((field.kind === "integer" || field.kind === "number") && field.min !== undefined && field.max !== undefined && field.min > field.max) {
        ctx.addIssue({ code: "custom", path: [index, "min"], message: "Minsta värdet är större än största." });
      }
    }
  });

export const settingsSchemaSchema = z.array(settingsFieldSchema).max(40).superRefine(uniqueNames);

export type InputSchema = z.infer<typeof inputSchemaSchema>;
export type SettingsSchema = z.infer<typeof settingsSchemaSchema>;

export function fileFieldOf(schema: InputSchema): FileField | null {
  return (schema.find((field) => field.kind === "file") as FileField | undefined) ?? null;
}
