/**
 * The form builder's model of an input_schema / settings_schema, and the two conversions
 * (schema JSON ⇄ builder fields). Pure: the JSON text stays the one truth the Testyta saves;
 * the builder reads it into rows it can edit and writes the rows back as schema JSON.
 *
 * Numbers are kept as the author typed them ("3,5", "", "abc") and only read on the way back:
 * what doesn't read as a number is written as the text itself, so the server's zod schema
 * (the same one the builder validates with) reports it at its field instead of it vanishing.
 * Keys a kind doesn't know are kept in `extra` and written back, for the same reason.
 */
import type { EnumOption } from "@/lib/ui-contract";
import { parseInputSchema, parseSettingsSchema, type SchemaUploadLimits } from "@/lib/version-schemas";

export type SchemaTarget = "input" | "settings";

export const FIELD_KINDS = ["string", "text", "integer", "number", "boolean", "enum", "multi_enum", "file"] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export const KIND_LABELS: Record<FieldKind, string> = {
  string: "Kort text",
  text: "Lång text",
  integer: "Heltal",
  number: "Tal (med decimaler)",
  boolean: "Kryssruta (ja/nej)",
  enum: "Val ur lista (ett)",
  multi_enum: "Val ur lista (flera)",
  file: "Filer",
};

/** Which kinds each schema allows (RUNNER-CONTRACT.md §7). */
export function kindsFor(target: SchemaTarget): FieldKind[] {
  return target === "input" ? ["string", "text", "integer", "number", "boolean", "enum", "file"] : ["string", "text", "integer", "number", "boolean", "enum", "multi_enum"];
}

export type BuilderField = {
  /** Stable across edits and moves (React key, ids); not part of the schema. */
  key: string;
  kind: FieldKind;
  name: string;
  label: string;
  help: string;
  required: boolean;
  /** string/text/integer/number/enum: the default as typed; boolean: "", "true" or "false". */
  defaultText: string;
  /** multi_enum's default. */
  defaultList: string[];
  /** string/text: maxLength; integer/number: min/max; file: min/max number of files. */
  maxLength: string;
  min: string;
  max: string;
  /** file: the endings, as typed: ".csv, .xlsx". */
  accept: string;
  options: EnumOption[];
  extra: Record<string, unknown>;
};

const KNOWN_KEYS: Record<FieldKind, string[]> = {
  string: ["default", "maxLength"],
  text: ["default", "maxLength"],
  integer: ["default", "min", "max"],
  number: ["default", "min", "max"],
  boolean: ["default"],
  enum: ["options", "default"],
  multi_enum: ["options", "default"],
  file: ["accept", "min", "max"],
};
const BASE_KEYS = ["kind", "name", "label", "help", "required"];

let keyCounter = 0;
export function newKey(): string {
  keyCounter += 1;
  return `f${keyCounter}`;
}

const text = (value: unknown): string => (value === undefined || value === null ? "" : typeof value === "string" ? value : typeof value === "number" ? String(value).replace(".", ",") : JSON.stringify(value));

/** A fresh field of a kind, named so it doesn't clash with the names already taken. */
export function newField(kind: FieldKind, taken: readonly string[]): BuilderField {
  const stem = kind === "file" ? "filer" : kind === "enum" || kind === "multi_enum" ? "val" : kind === "boolean" ? "ja_nej" : "falt";
  let name = stem;
  for (let n = 2; taken.includes(name); n += 1) name = `${stem}_${n}`;
  return {
    key: newKey(),
    kind,
    name,
    label: kind === "file" ? "Filer" : "Nytt fält",
    help: "",
    required: false,
    defaultText: "",
    defaultList: [],
    maxLength: "",
    min: kind === "file" ? "1" : "",
    max: kind === "file" ? "1" : "",
    accept: "",
    options: kind === "enum" || kind === "multi_enum" ? [{ value: "alternativ_1", label: "Alternativ 1" }] : [],
    extra: {},
  };
}

/**
 * Schema JSON → builder fields, or null when the value isn't a list of objects with a kind the
 * builder knows (then only the JSON view can show it). `keys` are reused by position, so an
 * edit in the JSON view doesn't remount the rows the author is looking at.
 */
export function schemaToBuilder(value: unknown, keys: readonly string[] = []): BuilderField[] | null {
  if (!Array.isArray(value)) return null;
  const fields: BuilderField[] = [];
  for (const [index, item] of value.entries()) {
    if (!item || typeof item !== "object" || Array.isArray(item)) return null;
    const raw = item as Record<string, unknown>;
    const kind = raw.kind;
    if (typeof kind !== "string" || !(FIELD_KINDS as readonly string[]).includes(kind)) return null;
    const fieldKind = kind as FieldKind;
    const known = new Set([...BASE_KEYS, ...KNOWN_KEYS[fieldKind]]);
    const extra = Object.fromEntries(Object.entries(raw).filter(([key]) => !known.has(key)));
    const options = Array.isArray(raw.options) ? raw.options : [];
    // Options that aren't {value, label} go to extra untouched, so validation still sees them.
    if (KNOWN_KEYS[fieldKind].includes("options") && !options.every((option) => option && typeof option === "object" && typeof option.value === "string" && typeof option.label === "string")) {
      return null;
    }
    fields.push({
      key: keys[index] ?? newKey(),
      kind: fieldKind,
      name: text(raw.name),
      label: text(raw.label),
      help: text(raw.help),
      required: raw.required === true,
      defaultText: fieldKind === "multi_enum" ? "" : fieldKind === "boolean" ? (raw.default === true ? "true" : raw.default === false ? "false" : "") : text(raw.default),
      defaultList: fieldKind === "multi_enum" && Array.isArray(raw.default) ? raw.default.map(text) : [],
      maxLength: text(raw.maxLength),
      min: text(raw.min),
      max: text(raw.max),
      accept: Array.isArray(raw.accept) ? raw.accept.map(text).join(", ") : text(raw.accept),
      options: KNOWN_KEYS[fieldKind].includes("options") ? (options as EnumOption[]).map((option) => ({ value: option.value, label: option.label })) : [],
      extra,
    });
  }
  return fields;
}

/** "3,5" → 3.5; "" → undefined; anything else stays the text (the schema then names it). */
function readNumber(typed: string): number | string | undefined {
  const trimmed = typed.trim();
  if (trimmed === "") return undefined;
  const normalized = trimmed.replace(/\s/g, "").replace(",", ".");
  return /^-?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : typed;
}

/** Builder fields → schema JSON, with only the keys the kind has and nothing empty. */
export function builderToSchema(fields: readonly BuilderField[]): Record<string, unknown>[] {
  return fields.map((field) => {
    const out: Record<string, unknown> = { ...field.extra, kind: field.kind, name: field.name, label: field.label };
    if (field.help.trim() !== "") out.help = field.help;
    if (field.kind !== "file") out.required = field.required;
    const put = (key: string, value: unknown) => {
      if (value !== undefined) out[key] = value;
    };
    switch (field.kind) {
      case "string":
      case "text":
        put("default", field.defaultText === "" ? undefined : field.defaultText);
        put("maxLength", readNumber(field.maxLength));
        break;
      case "integer":
      case "number":
        put("default", readNumber(field.defaultText));
        put("min", readNumber(field.min));
        put("max", readNumber(field.max));
        break;
      case "boolean":
        put("default", field.defaultText === "true" ? true : field.defaultText === "false" ? false : undefined);
        break;
      case "enum":
        out.options = field.options;
        put("default", field.defaultText === "" ? undefined : field.defaultText);
        break;
      case "multi_enum":
        out.options = field.options;
        put("default", field.defaultList.length > 0 ? field.defaultList : undefined);
        break;
      case "file": {
        // A file field's "required" is its min: at least one file.
        out.required = (readNumber(field.min) ?? 0) !== 0;
        out.accept = field.accept
          .split(/[\s,;]+/)
          .map((ending) => ending.trim())
          .filter(Boolean)
          .map((ending) => (ending.startsWith(".") ? ending : `.${ending}`).toLowerCase());
        put("min", readNumber(field.min) ?? 0);
        put("max", readNumber(field.max) ?? 1);
        break;
      }
    }
    return out;
  });
}

/** Changing a field's kind keeps what both kinds share (name, label, help, options). */
export function changeKind(field: BuilderField, kind: FieldKind): BuilderField {
  const fresh = newField(kind, []);
  const keepsOptions = (kind === "enum" || kind === "multi_enum") && field.options.length > 0;
  return {
    ...fresh,
    key: field.key,
    name: field.name,
    label: field.label,
    help: field.help,
    required: field.required,
    options: keepsOptions ? field.options : fresh.options,
    extra: field.extra,
  };
}

export function moveField<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

const SHOWN_KEYS = new Set(["name", "label", "help", "default", "maxLength", "min", "max", "accept", "options"]);

/** Validation problems keyed by row and then by option ("name", "max", "options", "_" for the row/list). */
export type BuilderErrors = { list: string[]; byField: Record<number, Record<string, string>> };

/**
 * The builder's fields validated with the server's own schemas (and the upload limits for
 * input_schema), the messages placed on the row and option they concern.
 */
export function validateBuilder(target: SchemaTarget, fields: readonly BuilderField[], limits?: SchemaUploadLimits): BuilderErrors {
  const schema = builderToSchema(fields);
  const result = target === "input" ? parseInputSchema(schema, limits) : parseSettingsSchema(schema);
  const errors: BuilderErrors = { list: [], byField: {} };
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const [index, key] = issue.path;
    if (typeof index !== "number") {
      if (!errors.list.includes(issue.message)) errors.list.push(issue.message);
      continue;
    }
    // Keys the row has no control for (kind, unknown keys) are the row's own message.
    const option = typeof key === "string" && SHOWN_KEYS.has(key) ? key : "_";
    const row = (errors.byField[index] ??= {});
    row[option] ??= issue.message;
  }
  return errors;
}
