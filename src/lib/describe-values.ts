import type { InputField } from "./tool-schemas";
import type { ActionField } from "./ui-contract";

/**
 * A run's form values as a person reads them: the field's label, option labels instead of
 * codes, Ja/Nej for booleans. Values of fields the schema no longer has keep their key.
 */
export function describeInputValues(schema: readonly (InputField | ActionField)[] | null | undefined, values: Record<string, unknown>): { label: string; value: string }[] {
  return Object.entries(values).map(([name, value]) => {
    const field = schema?.find((candidate) => candidate.name === name);
    const optionLabel = (code: unknown) =>
      field && "options" in field ? (field.options.find((option) => option.value === code)?.label ?? String(code)) : String(code);
    const shown =
      typeof value === "boolean" ? (value ? "Ja" : "Nej") : Array.isArray(value) ? value.map(optionLabel).join(", ") : value === null ? "–" : optionLabel(value);
    return { label: field?.label ?? name, value: shown };
  });
}
