"use client";

import { useId, useState, type FormEvent } from "react";
import { validateFormValues, type FormValues } from "@/lib/form-values";
import type { FormAction } from "@/lib/ui-contract";
import { focusTargetId, initialValues, SchemaFields, type FieldValue, type SchemaFieldValues } from "../forms/schema-fields";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

export type ActionFormsProps = {
  actions: readonly FormAction[];
  /** Called with values already checked and coerced by validateFormValues (the server checks again). */
  onSubmit: (actionId: string, values: FormValues) => void;
  /** A follow-up run is being started: every button is disabled. */
  pending?: boolean;
};

function ActionForm({
  action,
  pending,
  submitting,
  onSubmit,
}: {
  action: FormAction;
  pending: boolean;
  submitting: boolean;
  onSubmit: (values: FormValues) => void;
}) {
  const idPrefix = useId();
  const [values, setValues] = useState<SchemaFieldValues>(() => initialValues(action.fields, action.prefill));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const hasFields = action.fields.length > 0;

  function change(name: string, value: FieldValue) {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors(({ [name]: _fixed, ...rest }) => rest);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const result = validateFormValues(action.fields, values);
    if (!result.ok) {
      setErrors(result.errors);
      const index = action.fields.findIndex((field) => result.errors[field.name]);
      const field = action.fields[index];
      if (field) document.getElementById(focusTargetId(idPrefix, field, index))?.focus();
      return;
    }
    setErrors({});
    onSubmit(result.values);
  }

  const headingId = `${idPrefix}-heading`;
  const errorCount = Object.keys(errors).length;
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby={hasFields ? headingId : undefined}
      aria-label={hasFields ? undefined : action.label}
      aria-busy={submitting || undefined}
      className={hasFields ? "space-y-4 rounded-lg border border-stone-200 bg-white p-4" : ""}
    >
      {hasFields && (
        <>
          <h3 id={headingId} className="text-base font-semibold text-stone-900">
            {action.label}
          </h3>
          {errorCount > 0 && <Alert tone="error">Kontrollera {errorCount === 1 ? "fältet" : "fälten"} nedan.</Alert>}
          <SchemaFields fields={action.fields} values={values} errors={errors} onChange={change} idPrefix={idPrefix} disabled={pending} />
        </>
      )}
      <Button type="submit" variant={hasFields ? "primary" : "secondary"} disabled={pending}>
        {submitting ? "Startar …" : action.label}
      </Button>
    </form>
  );
}

/**
 * A tool's next_actions: each a small form (its label as heading and button), prefilled, checked
 * in the browser before `onSubmit` starts the follow-up run.
 */
export function ActionForms({ actions, onSubmit, pending = false }: ActionFormsProps) {
  const [submittedId, setSubmittedId] = useState<string | null>(null);
  if (actions.length === 0) return null;
  const render = (action: FormAction) => (
    <ActionForm
      // A new run result with different fields or prefill starts the form afresh.
      key={`${action.action_id}:${JSON.stringify(action.fields)}:${JSON.stringify(action.prefill)}`}
      action={action}
      pending={pending}
      submitting={pending && submittedId === action.action_id}
      onSubmit={(values) => {
        setSubmittedId(action.action_id);
        onSubmit(action.action_id, values);
      }}
    />
  );
  // The tool's order is kept; neighbouring actions without fields share a row of buttons.
  const groups: FormAction[][] = [];
  for (const action of actions) {
    const last = groups.at(-1);
    if (action.fields.length === 0 && last && last[0]!.fields.length === 0) last.push(action);
    else groups.push([action]);
  }
  return (
    <div className="space-y-4">
      {groups.map((group) =>
        group[0]!.fields.length > 0 ? (
          render(group[0]!)
        ) : (
          <div key={`buttons:${group[0]!.action_id}`} className="flex flex-wrap gap-2">
            {group.map(render)}
          </div>
        ),
      )}
    </div>
  );
}
