/**
 * Coerces and validates the values of a form generated from a schema (tool inputs, settings,
 * next_actions). Used in the browser for immediate feedback and on the server, which decides.
 * Messages are Swedish and name the field.
 */
import type { ActionField } from "./ui-contract";
import type { ValueField } from "./tool-schemas";

type AnyField = ValueField | ActionField;
export type FormValues = Record<string, string | number | boolean | string[] | null>;
export type FormValidation = { ok: true; values: FormValues } | { ok: false; errors: Record<string, string> };

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "") || (Array.isArray(raw) && raw.length === 0);
}

function coerce(field: AnyField, raw: unknown): { value: FormValues[string] } | { error: string } {
  const label = field.label;
  switch (field.kind) {
    case "string":
    case "text": {
      if (typeof raw !== "string") return { error: `${label}: skriv en text.` };
      const maxLength = "maxLength" in field && field.maxLength ? field.maxLength : field.kind === "string" ? 10_000 : 100_000;
      if (raw.length > maxLength) return { error: `${label}: högst ${maxLength} tecken.` };
      return { value: field.kind === "string" ? raw.trim() : raw };
    }
    case "integer":
    case "number": {
      const number = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw.trim().replace(",", ".")) : NaN;
      if (!Number.isFinite(number)) return { error: `${label}: skriv ett tal.` };
      if (field.kind === "integer" && !Number.isInteger(number)) return { error: `${label}: skriv ett heltal.` };
      // Beyond 2^53 the digits are already rounded here; refused rather than passed on wrong.
      if (field.kind === "integer" && !Number.isSafeInteger(number)) {
        return { error: `${label}: talet är för stort. Största möjliga heltal är 9 007 199 254 740 991.` };
      }
      const min = "min" in field ? field.min : undefined;
      const max = "max" in field ? field.max : undefined;
      if (min !== undefined && number < min) return { error: `${label}: minst ${min}.` };
      if (max !== undefined && number > max) return { error: `${label}: högst ${max}.` };
      return { value: number };
    }
    case "boolean":
      if (typeof raw === "boolean") return { value: raw };
      if (raw === "true" || raw === "on") return { value: true };
      if (raw === "false" || raw === "off") return { value: false };
      return { error: `${label}: välj ja eller nej.` };
    case "enum":
      if (typeof raw !== "string" || !field.options.some((option) => option.value === raw)) return { error: `${label}: välj ett av alternativen.` };
      return { value: raw };
    case "multi_enum": {
      const list = Array.isArray(raw) ? raw : [raw];
      if (!list.every((item) => typeof item === "string" && field.options.some((option) => option.value === item))) {
        return { error: `${label}: välj bland alternativen.` };
      }
      return { value: [...new Set(list as string[])] };
    }
  }
}

/**
 * Unknown keys are refused (a form never sends them); blank optional fields take the field's
 * default when it has one and are left out otherwise; booleans default to false.
 */
export function validateFormValues(fields: readonly AnyField[], raw: Record<string, unknown>): FormValidation {
  const errors: Record<string, string> = {};
  const values: FormValues = {};
  const known = new Set(fields.map((field) => field.name));
  for (const key of Object.keys(raw)) if (!known.has(key)) errors[key] = `Okänt fält "${key}".`;
  for (const field of fields) {
    const input = raw[field.name];
    if (isBlank(input) && field.kind !== "boolean") {
      const fallback = "default" in field ? field.default : undefined;
      if (fallback !== undefined) values[field.name] = fallback;
      else if ("required" in field && field.required) errors[field.name] = `${field.label}: fyll i det här fältet.`;
      continue;
    }
    if (field.kind === "boolean" && (input === undefined || input === null || input === "")) {
      values[field.name] = "default" in field && field.default !== undefined ? field.default : false;
      continue;
    }
    const result = coerce(field, input);
    if ("error" in result) errors[field.name] = result.error;
    else values[field.name] = result.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}
