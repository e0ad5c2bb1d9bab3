"use client";

/**
 * Forms without JSON: the Testyta's visual builder for input_schema / settings_schema, with a
 * live preview drawn by the tool page's own components (SchemaFields, FilePicker) so it cannot
 * drift from what the teacher gets. "Visuellt / JSON" switches to the JSON view the caller
 * passes in; both edit the same JSON text, which stays the one truth the Testyta saves.
 *
 * While the JSON text doesn't parse (or isn't a schema the builder can show), the builder keeps
 * its last good rows and says so; an edit there writes fresh JSON over the broken text.
 */
import { useId, useMemo, useState, type ReactNode } from "react";
import { formatBytes } from "@/lib/format";
import { prettyJson } from "@/lib/line-diff";
import { fileFieldOf, inputFieldSchema, settingsFieldSchema, type InputSchema, type ValueField } from "@/lib/tool-schemas";
import { parseJsonField } from "@/lib/version-schemas";
import { initialValues, SchemaFields, type FieldValue } from "../../forms/schema-fields";
import { FilePicker, type UploadLimits } from "../../tool-runner/file-picker";
import { Alert } from "../../ui/alert";
import { Button } from "../../ui/button";
import { TextField } from "../../ui/field";
import {
  builderToSchema,
  changeKind,
  kindsFor,
  KIND_LABELS,
  moveField,
  newField,
  schemaToBuilder,
  validateBuilder,
  type BuilderErrors,
  type BuilderField,
  type FieldKind,
  type SchemaTarget,
} from "./builder-state";

const CONTROL = "mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-600";
const LABEL = "block text-sm font-medium text-stone-800";

function readText(text: string, keys: readonly string[]): BuilderField[] | null {
  const parsed = parseJsonField("schema", text);
  return parsed.ok ? schemaToBuilder(parsed.value, keys) : null;
}

export function SchemaEditor({
  target,
  value,
  onChange,
  limits,
  jsonView,
}: {
  target: SchemaTarget;
  /** The schema's JSON text (what the Testyta saves). */
  value: string;
  onChange: (text: string) => void;
  limits: UploadLimits;
  /** The JSON editor, shown when the author picks "JSON". */
  jsonView: ReactNode;
}) {
  const id = useId();
  const [view, setView] = useState<"visual" | "json">("visual");
  const [fields, setFields] = useState<BuilderField[]>(() => readText(value, []) ?? []);
  // The text the rows were last read from or written to; a different value came from the JSON view.
  const [seen, setSeen] = useState(value);
  const [readable, setReadable] = useState(() => readText(value, []) !== null);
  if (value !== seen) {
    setSeen(value);
    const next = readText(value, fields.map((field) => field.key));
    setReadable(next !== null);
    if (next) setFields(next);
  }

  const update = (next: BuilderField[]) => {
    const text = prettyJson(builderToSchema(next));
    setFields(next);
    setSeen(text);
    setReadable(true);
    onChange(text);
  };
  const errors = useMemo(() => validateBuilder(target, fields, { maxFiles: limits.maxFiles }), [target, fields, limits.maxFiles]);

  return (
    <div className="space-y-4">
      <div role="group" aria-label="Visa formuläret" className="inline-flex rounded-md border border-stone-300 bg-white p-0.5">
        {(["visual", "json"] as const).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={view === option}
            onClick={() => setView(option)}
            className={`rounded px-3 py-1.5 text-sm font-medium ${view === option ? "bg-brand-700 text-white" : "text-stone-800 hover:bg-stone-100"}`}
          >
            {option === "visual" ? "Visuellt" : "JSON"}
          </button>
        ))}
      </div>
      {view === "json" ? (
        jsonView
      ) : (
        <>
          {!readable && (
            <Alert tone="warning">
              JSON-texten kan inte visas visuellt just nu (den har ett fel, se JSON-vyn). Här visas det senaste giltiga formuläret; ändrar du något här ersätts JSON-texten med det.
            </Alert>
          )}
          <div className="grid gap-6 lg:grid-cols-2">
            <Builder id={id} target={target} fields={fields} errors={errors} limits={limits} onChange={update} />
            <Preview id={id} target={target} fields={fields} limits={limits} />
          </div>
        </>
      )}
    </div>
  );
}

function Builder({
  id,
  target,
  fields,
  errors,
  limits,
  onChange,
}: {
  id: string;
  target: SchemaTarget;
  fields: BuilderField[];
  errors: BuilderErrors;
  limits: UploadLimits;
  onChange: (fields: BuilderField[]) => void;
}) {
  const kinds = kindsFor(target);
  const hasFile = fields.some((field) => field.kind === "file");
  const addable = kinds.filter((kind) => kind !== "file" || !hasFile);
  const [newKind, setNewKind] = useState<FieldKind>("string");
  const chosenKind = addable.includes(newKind) ? newKind : addable[0]!;
  const [announcement, setAnnouncement] = useState("");

  const replace = (index: number, field: BuilderField) => onChange(fields.map((old, i) => (i === index ? field : old)));
  const move = (index: number, to: number) => {
    const moved = fields[index]!;
    onChange(moveField(fields, index, to));
    setAnnouncement(`"${moved.label || moved.name}" är nu fält ${to + 1} av ${fields.length}.`);
    // Focus follows the moved field: a node React moves in the DOM loses focus, and at the top
    // or bottom the pressed button is disabled, so then the other direction gets it.
    const rowId = `${id}-${moved.key}`;
    const wanted = to < index ? (to === 0 ? "down" : "up") : to === fields.length - 1 ? "up" : "down";
    requestAnimationFrame(() => document.getElementById(`${rowId}-${wanted}`)?.focus());
  };

  return (
    <div className="min-w-0">
      <h3 className="text-sm font-semibold text-stone-900">{target === "input" ? "Formulärets fält" : "Inställningarnas fält"}</h3>
      <p className="mt-0.5 text-xs text-stone-600">
        {target === "input" ? "Fälten som användaren fyller i före KÖR, i den ordning de visas." : "Inställningar som varje användare sparar för sig (memory.json)."}
      </p>
      {errors.list.length > 0 && (
        <ul className="mt-2 space-y-1 text-sm text-red-700" data-testid="builder-list-errors">
          {errors.list.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      {fields.length === 0 && <p className="mt-3 rounded-md border border-dashed border-stone-300 p-4 text-sm text-stone-600">Inga fält ännu. Lägg till ett fält nedan.</p>}
      <ol className="mt-3 space-y-4">
        {fields.map((field, index) => (
          <li key={field.key}>
            <FieldEditor
              id={`${id}-${field.key}`}
              index={index}
              count={fields.length}
              field={field}
              // A kind this schema doesn't allow (read from JSON) stays listed, so the select shows the truth; validation names it.
              kinds={[...kinds.filter((kind) => kind !== "file" || !hasFile || field.kind === "file"), ...(kinds.includes(field.kind) ? [] : [field.kind])]}
              errors={errors.byField[index] ?? {}}
              limits={limits}
              onChange={(next) => replace(index, next)}
              onMove={(to) => move(index, to)}
              onRemove={() => {
                onChange(fields.filter((_, i) => i !== index));
                setAnnouncement(`Fältet "${field.label || field.name}" är borttaget.`);
              }}
            />
          </li>
        ))}
      </ol>
      <div className="mt-4 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={`${id}-new-kind`} className={LABEL}>
            Typ av nytt fält
          </label>
          <select id={`${id}-new-kind`} value={chosenKind} onChange={(event) => setNewKind(event.target.value as FieldKind)} className={CONTROL}>
            {addable.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </div>
        <Button
          variant="secondary"
          disabled={fields.length >= 40}
          onClick={() => {
            onChange([...fields, newField(chosenKind, fields.map((field) => field.name))]);
            setAnnouncement(`Ett fält av typen ${KIND_LABELS[chosenKind].toLowerCase()} är tillagt sist.`);
          }}
        >
          Lägg till fält
        </Button>
      </div>
    </div>
  );
}

/** ui/field's TextField (label, hint and error tied to the input), as a plain-text value editor. */
function Input({
  className,
  onChange,
  ...field
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  inputMode?: "numeric" | "decimal";
  className?: string;
}) {
  return (
    <div className={className}>
      <TextField {...field} type="text" autoComplete="off" spellCheck={false} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

function FieldEditor({
  id,
  index,
  count,
  field,
  kinds,
  errors,
  limits,
  onChange,
  onMove,
  onRemove,
}: {
  id: string;
  index: number;
  count: number;
  field: BuilderField;
  kinds: FieldKind[];
  errors: Record<string, string>;
  limits: UploadLimits;
  onChange: (field: BuilderField) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const set = <K extends keyof BuilderField>(key: K) => (value: BuilderField[K]) => onChange({ ...field, [key]: value });
  const title = field.label.trim() || field.name || `Fält ${index + 1}`;
  const isNumber = field.kind === "integer" || field.kind === "number";
  const hasOptions = field.kind === "enum" || field.kind === "multi_enum";
  const numberMode = field.kind === "integer" ? "numeric" : "decimal";
  return (
    <fieldset className="min-w-0 rounded-lg border border-stone-300 bg-stone-50 p-3 sm:p-4" aria-describedby={errors._ ? `${id}-row-error` : undefined} data-testid="builder-field">
      <legend className="px-1 text-sm font-semibold text-stone-900">
        Fält {index + 1}: {title} <span className="font-normal text-stone-600">({KIND_LABELS[field.kind]})</span>
      </legend>
      {errors._ && (
        <p id={`${id}-row-error`} className="mb-2 text-sm text-red-700">
          {errors._}
        </p>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-kind`} className={LABEL}>
            Typ
          </label>
          <select id={`${id}-kind`} value={field.kind} onChange={(event) => onChange(changeKind(field, event.target.value as FieldKind))} className={CONTROL}>
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </div>
        <Input id={`${id}-label`} label="Etikett" value={field.label} onChange={set("label")} error={errors.label} hint="Det användaren ser." />
        <Input
          id={`${id}-name`}
          label="Namn (nyckel)"
          value={field.name}
          onChange={set("name")}
          error={errors.name}
          hint={field.kind === "file" ? "Bara för skriptet; filerna hamnar i input_dir." : "Nyckeln skriptet läser värdet med: a–z, A–Z, 0–9 och _."}
        />
        <Input id={`${id}-help`} label="Hjälptext (valfri)" value={field.help} onChange={set("help")} error={errors.help} />
      </div>

      {field.kind !== "file" && (
        <div className="mt-3 flex items-center gap-2">
          <input id={`${id}-required`} type="checkbox" checked={field.required} onChange={(event) => set("required")(event.target.checked)} className="size-4 accent-brand-700" />
          <label htmlFor={`${id}-required`} className="text-sm text-stone-800">
            Måste fyllas i
          </label>
        </div>
      )}

      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        {(field.kind === "string" || field.kind === "text") && (
          <>
            <Input id={`${id}-default`} label="Förifyllt värde (valfritt)" value={field.defaultText} onChange={set("defaultText")} error={errors.default} />
            <Input id={`${id}-maxlength`} label="Högst antal tecken (valfritt)" value={field.maxLength} onChange={set("maxLength")} error={errors.maxLength} inputMode="numeric" />
          </>
        )}
        {isNumber && (
          <>
            <Input id={`${id}-min`} label="Minsta värde (valfritt)" value={field.min} onChange={set("min")} error={errors.min} inputMode={numberMode} />
            <Input id={`${id}-max`} label="Största värde (valfritt)" value={field.max} onChange={set("max")} error={errors.max} inputMode={numberMode} />
            <Input id={`${id}-default`} label="Förifyllt värde (valfritt)" value={field.defaultText} onChange={set("defaultText")} error={errors.default} inputMode={numberMode} />
          </>
        )}
        {field.kind === "boolean" && (
          <div className="flex items-center gap-2">
            <input
              id={`${id}-default`}
              type="checkbox"
              checked={field.defaultText === "true"}
              onChange={(event) => set("defaultText")(event.target.checked ? "true" : "")}
              className="size-4 accent-brand-700"
            />
            <label htmlFor={`${id}-default`} className="text-sm text-stone-800">
              Ikryssad från början
            </label>
          </div>
        )}
        {field.kind === "file" && (
          <>
            <Input
              id={`${id}-accept`}
              label="Tillåtna filtyper (valfritt)"
              value={field.accept}
              onChange={set("accept")}
              error={errors.accept}
              hint="Filändelser med komma emellan, t.ex. .csv, .xlsx. Tomt = alla filtyper."
            />
            <Input id={`${id}-min`} label="Minst antal filer" value={field.min} onChange={set("min")} error={errors.min} inputMode="numeric" hint="0 = filer är valfria." />
            <Input
              id={`${id}-max`}
              label="Högst antal filer"
              value={field.max}
              onChange={set("max")}
              error={errors.max}
              inputMode="numeric"
              hint={`Uppladdningsgränsen: högst ${limits.maxFiles} filer, ${formatBytes(limits.maxFileBytes)} per fil och ${formatBytes(limits.maxTotalBytes)} totalt.`}
            />
          </>
        )}
      </div>

      {hasOptions && <OptionsEditor id={id} field={field} error={errors.options} defaultError={errors.default} onChange={onChange} />}

      <div className="mt-3 flex flex-wrap gap-2 border-t border-stone-200 pt-3">
        <Button id={`${id}-up`} variant="secondary" size="sm" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={`Flytta upp fältet ${title}`}>
          ↑ Flytta upp
        </Button>
        <Button id={`${id}-down`} variant="secondary" size="sm" disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={`Flytta ned fältet ${title}`}>
          ↓ Flytta ned
        </Button>
        <Button variant="danger" size="sm" onClick={onRemove} aria-label={`Ta bort fältet ${title}`}>
          Ta bort
        </Button>
      </div>
    </fieldset>
  );
}

function OptionsEditor({
  id,
  field,
  error,
  defaultError,
  onChange,
}: {
  id: string;
  field: BuilderField;
  error?: string;
  defaultError?: string;
  onChange: (field: BuilderField) => void;
}) {
  const setOption = (index: number, key: "value" | "label", text: string) =>
    onChange({ ...field, options: field.options.map((option, i) => (i === index ? { ...option, [key]: text } : option)) });
  return (
    <fieldset className="mt-3" aria-describedby={error ? `${id}-options-error` : undefined}>
      <legend className={LABEL}>Alternativ</legend>
      {error && (
        <p id={`${id}-options-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
      <ol className="mt-1 space-y-2">
        {field.options.map((option, index) => (
          <li key={index} className="grid grid-cols-[1fr_1fr_auto] items-end gap-2">
            <Input id={`${id}-option-${index}-label`} label={`Alternativ ${index + 1}: text`} value={option.label} onChange={(text) => setOption(index, "label", text)} className="min-w-0" />
            <Input id={`${id}-option-${index}-value`} label={`Alternativ ${index + 1}: värde`} value={option.value} onChange={(text) => setOption(index, "value", text)} className="min-w-0" />
            <Button
              variant="ghost"
              size="sm"
              onClick={() => onChange({ ...field, options: field.options.filter((_, i) => i !== index) })}
              aria-label={`Ta bort alternativ ${index + 1}`}
              className="mb-1"
            >
              ✕
            </Button>
          </li>
        ))}
      </ol>
      <Button
        variant="secondary"
        size="sm"
        className="mt-2"
        onClick={() => {
          const n = field.options.length + 1;
          onChange({ ...field, options: [...field.options, { value: `alternativ_${n}`, label: `Alternativ ${n}` }] });
        }}
      >
        Lägg till alternativ
      </Button>
      <p className="mt-1 text-xs text-stone-600">Texten ser användaren; värdet får skriptet.</p>
      {field.kind === "enum" ? (
        <div className="mt-3">
          <label htmlFor={`${id}-default`} className={LABEL}>
            Förvalt alternativ (valfritt)
          </label>
          <select
            id={`${id}-default`}
            value={field.defaultText}
            onChange={(event) => onChange({ ...field, defaultText: event.target.value })}
            aria-invalid={defaultError ? true : undefined}
            aria-describedby={defaultError ? `${id}-default-error` : undefined}
            className={CONTROL}
          >
            <option value="">Inget</option>
            {field.options.map((option, index) => (
              <option key={index} value={option.value}>
                {option.label || option.value}
              </option>
            ))}
          </select>
          {defaultError && (
            <p id={`${id}-default-error`} className="mt-1 text-sm text-red-700">
              {defaultError}
            </p>
          )}
        </div>
      ) : (
        <fieldset className="mt-3">
          <legend className={LABEL}>Förvalda alternativ (valfria)</legend>
          {field.options.map((option, index) => (
            <div key={index} className="flex items-center gap-2">
              <input
                id={`${id}-default-${index}`}
                type="checkbox"
                checked={field.defaultList.includes(option.value)}
                onChange={(event) =>
                  onChange({
                    ...field,
                    defaultList: event.target.checked ? [...field.defaultList, option.value] : field.defaultList.filter((value) => value !== option.value),
                  })
                }
                className="size-4 accent-brand-700"
              />
              <label htmlFor={`${id}-default-${index}`} className="text-sm text-stone-800">
                {option.label || option.value}
              </label>
            </div>
          ))}
        </fieldset>
      )}
    </fieldset>
  );
}

/**
 * The form as the teacher will see it, drawn like the tool page draws it (file picker first,
 * then the value fields). Fields that don't validate yet are left out and counted.
 */
function Preview({ id, target, fields, limits }: { id: string; target: SchemaTarget; fields: BuilderField[]; limits: UploadLimits }) {
  const [typed, setTyped] = useState<Record<string, FieldValue>>({});
  const [files, setFiles] = useState<File[]>([]);
  const { shown, skipped } = useMemo(() => {
    const fieldSchema = target === "input" ? inputFieldSchema : settingsFieldSchema;
    const names = new Set<string>();
    const shown: InputSchema[number][] = [];
    let skipped = 0;
    for (const raw of builderToSchema(fields)) {
      const parsed = fieldSchema.safeParse(raw);
      if (!parsed.success || names.has(parsed.data.name)) {
        skipped += 1;
        continue;
      }
      names.add(parsed.data.name);
      shown.push(parsed.data as InputSchema[number]);
    }
    return { shown, skipped };
  }, [target, fields]);
  const fileField = fileFieldOf(shown);
  const valueFields = shown.filter((field) => field.kind !== "file") as ValueField[];
  const values = { ...initialValues(valueFields), ...typed };

  return (
    <section aria-labelledby={`${id}-preview-title`} className="min-w-0 rounded-lg border border-stone-300 bg-white p-4" data-testid="form-preview">
      <h3 id={`${id}-preview-title`} className="text-sm font-semibold text-stone-900">
        Förhandsvisning: så ser användaren {target === "input" ? "formuläret" : "inställningarna"}
      </h3>
      <p className="mt-0.5 text-xs text-stone-600">Du kan prova fälten här; inget sparas eller körs.</p>
      {skipped > 0 && (
        <p className="mt-2 text-sm text-amber-900">
          {skipped === 1 ? "Ett fält har fel och visas inte" : `${skipped} fält har fel och visas inte`} förrän felet är rättat.
        </p>
      )}
      <div className="mt-4 space-y-4">
        {shown.length === 0 && <p className="text-sm text-stone-500">{target === "input" ? "Formuläret har inga fält: användaren trycker bara KÖR." : "Inga inställningar."}</p>}
        {fileField && <FilePicker key={`${fileField.name}-${fileField.max}`} field={fileField} limits={limits} files={files} onChange={setFiles} />}
        {valueFields.length > 0 && <SchemaFields fields={valueFields} values={values} onChange={(name, value) => setTyped((old) => ({ ...old, [name]: value }))} idPrefix={`${id}-preview`} />}
      </div>
    </section>
  );
}
