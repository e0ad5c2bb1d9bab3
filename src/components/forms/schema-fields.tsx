/**
 * Form controls generated from a field schema: a tool's inputs and settings (tool-schemas.ts)
 * and the fields of a next_action (ui-contract.ts). File fields are the caller's (uploads).
 *
 * Controlled: the caller keeps the values (as typed — numbers stay text until
 * `validateFormValues` reads them, so "3,5" survives) and the errors from that validation.
 * Every control has a label; help text and the error are tied to it with aria-describedby.
 * Forms using this set `noValidate`: the Swedish messages come from validateFormValues.
 */
import type { ComponentProps, ReactNode } from "react";
import type { ValueField } from "@/lib/tool-schemas";
import type { ActionField, JsonValue } from "@/lib/ui-contract";

export type SchemaField = ValueField | ActionField;
/** string for string/text/integer/number/enum, boolean for boolean, string[] for multi_enum. */
export type FieldValue = string | boolean | string[];
export type SchemaFieldValues = Record<string, FieldValue>;

export type SchemaFieldsProps = {
  fields: readonly SchemaField[];
  values: SchemaFieldValues;
  errors?: Readonly<Record<string, string | undefined>>;
  onChange: (name: string, value: FieldValue) => void;
  /** Unique on the page (useId() is fine): control ids are `${idPrefix}-${name}`. */
  idPrefix: string;
  disabled?: boolean;
};

/** Enums with at most this many options are radio buttons (all visible at once); more are a select. */
export const RADIO_MAX_OPTIONS = 4;

const CONTROL =
  "mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-600 disabled:bg-stone-100";
const LABEL = "block text-sm font-medium text-stone-800";

function helpOf(field: SchemaField): string | undefined {
  return "help" in field && field.help ? field.help : undefined;
}

function isRequired(field: SchemaField): boolean {
  return "required" in field && field.required === true;
}

function numberToText(value: number): string {
  return String(value).replace(".", ",");
}

/** The id of a field's wrapper and (for single controls) of its control. */
export function fieldId(idPrefix: string, field: SchemaField, index: number): string {
  // Schema field names are identifiers; next_action names are any text, and an id with a space
  // would break aria-describedby (a space-separated list), so those fall back to the index.
  return /^[A-Za-z_][\w-]*$/.test(field.name) ? `${idPrefix}-${field.name}` : `${idPrefix}--${index}`;
}

/** The element to focus to bring a field to the user's attention (the first radio/checkbox of a group). */
export function focusTargetId(idPrefix: string, field: SchemaField, index: number): string {
  const id = fieldId(idPrefix, field, index);
  if (field.kind === "multi_enum" || (field.kind === "enum" && field.options.length <= RADIO_MAX_OPTIONS)) return `${id}-0`;
  return id;
}

function fromJson(field: SchemaField, raw: JsonValue | undefined): FieldValue {
  switch (field.kind) {
    case "string":
    case "text":
      return typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : "";
    case "integer":
    case "number":
      return typeof raw === "number" ? numberToText(raw) : typeof raw === "string" ? raw : "";
    case "boolean":
      return raw === true || raw === "true";
    case "enum":
      return typeof raw === "string" && field.options.some((option) => option.value === raw) ? raw : "";
    case "multi_enum": {
      const list = Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [];
      return field.options.map((option) => option.value).filter((value) => list.includes(value));
    }
  }
}

/**
 * The starting values: `prefill[name]` when given (next_actions), else the field's default,
 * else empty. Values that do not fit the field (an unknown enum value) start empty.
 */
export function initialValues(fields: readonly SchemaField[], prefill?: Readonly<Record<string, JsonValue | undefined>>): SchemaFieldValues {
  const values: SchemaFieldValues = {};
  for (const field of fields) {
    const prefilled = prefill && Object.hasOwn(prefill, field.name) ? prefill[field.name] : undefined;
    const fallback = "default" in field ? (field.default as JsonValue | undefined) : undefined;
    values[field.name] = fromJson(field, prefilled ?? fallback);
  }
  return values;
}

function rangeHint(field: SchemaField): string | undefined {
  if (field.kind !== "integer" && field.kind !== "number") return undefined;
  const min = "min" in field ? field.min : undefined;
  const max = "max" in field ? field.max : undefined;
  const what = field.kind === "integer" ? "Ett heltal" : "Ett tal";
  if (min !== undefined && max !== undefined) return `${what} från ${numberToText(min)} till ${numberToText(max)}.`;
  if (min !== undefined) return `${what}, minst ${numberToText(min)}.`;
  if (max !== undefined) return `${what}, högst ${numberToText(max)}.`;
  return undefined;
}

function RequiredMark({ field }: { field: SchemaField }) {
  if (!isRequired(field)) return null;
  return <span className="font-normal text-stone-600"> (måste fyllas i)</span>;
}

function Described({ id, help, error }: { id: string; help?: string; error?: string }) {
  return (
    <>
      {help && (
        <p id={`${id}-help`} className="mt-1 text-xs whitespace-pre-line text-stone-600">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </>
  );
}

function describedBy(id: string, help?: string, error?: string): string | undefined {
  return [error ? `${id}-error` : null, help ? `${id}-help` : null].filter(Boolean).join(" ") || undefined;
}

function asString(value: FieldValue | undefined): string {
  return typeof value === "string" ? value : "";
}

/** Radio buttons (a short enum) or checkboxes (multi_enum): a fieldset whose legend is the field's label. */
function OptionGroup({
  type,
  field,
  id,
  name,
  help,
  error,
  disabled,
  groupProps,
  optionInvalid,
  listClassName,
  isChecked,
  onToggle,
}: {
  type: "radio" | "checkbox";
  field: Extract<SchemaField, { options: unknown }>;
  id: string;
  name: string;
  help?: string;
  error?: string;
  disabled?: boolean;
  /** Extra attributes for the fieldset (a radio group is one control: role, invalid, required). */
  groupProps?: ComponentProps<"fieldset">;
  /** aria-invalid on each box (checkboxes are separate controls). */
  optionInvalid?: true;
  listClassName: string;
  isChecked: (optionValue: string) => boolean;
  onToggle: (optionValue: string, checked: boolean) => void;
}) {
  const described = describedBy(id, help, error);
  return (
    <fieldset id={id} {...groupProps} aria-describedby={described} disabled={disabled}>
      <legend className={LABEL}>
        {field.label}
        <RequiredMark field={field} />
      </legend>
      <div className={listClassName}>
        {field.options.map((option, optionIndex) => (
          <div key={option.value} className="flex items-center gap-2">
            <input
              id={`${id}-${optionIndex}`}
              name={name}
              type={type}
              value={option.value}
              checked={isChecked(option.value)}
              onChange={(event) => onToggle(option.value, event.target.checked)}
              aria-invalid={optionInvalid}
              aria-describedby={described}
              className="size-4 accent-brand-700"
            />
            <label htmlFor={`${id}-${optionIndex}`} className="text-sm text-stone-800">
              {option.label}
            </label>
          </div>
        ))}
      </div>
      <Described id={id} help={help} error={error} />
    </fieldset>
  );
}

function FieldControl({
  field,
  id,
  value,
  error,
  onChange,
  disabled,
}: {
  field: SchemaField;
  id: string;
  value: FieldValue | undefined;
  error?: string;
  onChange: (value: FieldValue) => void;
  disabled?: boolean;
}): ReactNode {
  const help = [helpOf(field), rangeHint(field)].filter(Boolean).join(" ") || undefined;
  const described = describedBy(id, help, error);
  const invalid = error ? true : undefined;
  const required = isRequired(field) || undefined;
  // What every labelled control (input, textarea, select) carries.
  const control = { id, name: field.name, "aria-invalid": invalid, "aria-required": required, "aria-describedby": described, disabled };
  const labelled = (children: ReactNode) => (
    <div>
      <label htmlFor={id} className={LABEL}>
        {field.label}
        <RequiredMark field={field} />
      </label>
      {children}
      <Described id={id} help={help} error={error} />
    </div>
  );

  switch (field.kind) {
    case "string":
    case "integer":
    case "number":
      return labelled(
        <input
          {...control}
          type="text"
          inputMode={field.kind === "integer" ? "numeric" : field.kind === "number" ? "decimal" : undefined}
          maxLength={field.kind === "string" && "maxLength" in field ? field.maxLength : undefined}
          autoComplete="off"
          value={asString(value)}
          onChange={(event) => onChange(event.target.value)}
          className={field.kind === "string" ? CONTROL : `${CONTROL} max-w-48 tabular-nums`}
        />,
      );
    case "text":
      return labelled(
        <textarea
          {...control}
          rows={5}
          maxLength={"maxLength" in field ? field.maxLength : undefined}
          value={asString(value)}
          onChange={(event) => onChange(event.target.value)}
          className={`${CONTROL} resize-y`}
        />,
      );
    case "boolean":
      return (
        <div>
          <div className="flex items-start gap-2">
            <input
              id={id}
              name={field.name}
              type="checkbox"
              checked={value === true}
              onChange={(event) => onChange(event.target.checked)}
              aria-invalid={invalid}
              aria-describedby={described}
              disabled={disabled}
              className="mt-0.5 size-4 accent-brand-700"
            />
            <label htmlFor={id} className={LABEL}>
              {field.label}
            </label>
          </div>
          <Described id={id} help={help} error={error} />
        </div>
      );
    case "enum":
      if (field.options.length <= RADIO_MAX_OPTIONS) {
        return (
          <OptionGroup
            type="radio"
            field={field}
            id={id}
            name={id}
            help={help}
            error={error}
            disabled={disabled}
            groupProps={{ role: "radiogroup", "aria-invalid": invalid, "aria-required": required }}
            listClassName="mt-1 space-y-1"
            isChecked={(optionValue) => value === optionValue}
            onToggle={(optionValue) => onChange(optionValue)}
          />
        );
      }
      return labelled(
        <select {...control} value={asString(value)} onChange={(event) => onChange(event.target.value)} className={CONTROL}>
          <option value="">Välj …</option>
          {field.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>,
      );
    case "multi_enum": {
      const selected = Array.isArray(value) ? value : [];
      const toggle = (optionValue: string, checked: boolean) => {
        const next = new Set(selected);
        if (checked) next.add(optionValue);
        else next.delete(optionValue);
        // Keep the schema's order, whatever order the boxes were ticked in.
        onChange(field.options.map((option) => option.value).filter((item) => next.has(item)));
      };
      return (
        <OptionGroup
          type="checkbox"
          field={field}
          id={id}
          name={field.name}
          help={help}
          error={error}
          disabled={disabled}
          optionInvalid={invalid}
          listClassName={`mt-1 grid gap-1 ${field.options.length > 8 ? "sm:grid-cols-2 lg:grid-cols-3" : ""}`}
          isChecked={(optionValue) => selected.includes(optionValue)}
          onToggle={toggle}
        />
      );
    }
    default:
      // File fields (and kinds from a newer schema) are not this component's.
      return null;
  }
}

export function SchemaFields({ fields, values, errors = {}, onChange, idPrefix, disabled }: SchemaFieldsProps) {
  return (
    <div className="space-y-4">
      {fields.map((field, index) => (
        <FieldControl
          key={field.name}
          field={field}
          id={fieldId(idPrefix, field, index)}
          value={values[field.name]}
          error={errors[field.name]}
          onChange={(value) => onChange(field.name, value)}
          disabled={disabled}
        />
      ))}
    </div>
  );
}
