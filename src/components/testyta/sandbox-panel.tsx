"use client";

/**
 * TESTKÖR: run the editor's unsaved text or any saved version with files, form values and
 * settings, and see the result exactly as a user would — plus stdout/stderr, exit code and
 * timings. The form is generated from the schema of what is run (for the editor: the schema as
 * edited, so a new field can be tried before saving). An interactive tool's follow-up forms are
 * shown too; each step runs as the next TESTKÖR of the same script, shown here in turn.
 * The settings are kept on the server per tool and contributor and offered again next time.
 *
 * Without `editor` (the review page) it runs one fixed saved version.
 */
import { useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import { FINISHED_RUN_STATUSES } from "@/lib/domain";
import type { JsonValue } from "@/lib/ui-contract";
import { validateFormValues } from "@/lib/form-values";
import { formatDateTime } from "@/lib/format";
import { fileFieldOf, type InputSchema, type SettingsSchema, type ValueField } from "@/lib/tool-schemas";
import { VERSION_STATE_LABELS } from "@/lib/version-schemas";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/client";
import { initialValues, SchemaFields, type SchemaFieldValues } from "../forms/schema-fields";
import { RunView, type RunView as RunViewData } from "../runs/run-view";
import { StatusBadge } from "../runs/run-status";
import { checkSelection, FilePicker } from "../tool-runner/file-picker";
import { postRunForm } from "../tool-runner/upload-run";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import type { EditorProblem } from "./code-editor";
import { problemOf } from "../ui/trpc-errors";
import { RunButton } from "../tool-runner/run-button";

type TestArea = inferRouterOutputs<AppRouter>["version"]["testArea"];
/** What the panel needs of the Testyta's data (the review page builds the same for one version). */
export type SandboxArea = Pick<TestArea, "uploadLimits" | "sandboxTimeoutSeconds" | "sandboxSettings"> & {
  tool: { id: string };
  versions: Pick<TestArea["versions"][number], "id" | "versionNumber" | "state" | "changesRequested">[];
  recentRuns: Pick<TestArea["recentRuns"][number], "id" | "status" | "queuedAt" | "versionNumber">[];
};

export type EditorScript = {
  sourceCode: string;
  entrypoint: string;
  /** null while the edited schema does not validate (the run is blocked with `problem`). */
  inputSchema: InputSchema | null;
  settingsSchema: SettingsSchema | null;
  /** Only for the content hash of the run (see start-sandbox-run.ts). */
  usageInstructions: string;
  problem: string | null;
};

const SCRIPT_PATH_LINE = /File "\/work\/script\.py", line (\d+)/g;

/** Where in the script a failed run points: the syntax error's line and column, or the last script frame of a traceback. */
export function problemFromRun(view: Pick<RunViewData, "status" | "errorSummary" | "logs">): EditorProblem | null {
  if (view.status !== "failed") return null;
  const summary = view.errorSummary ?? "";
  const syntax = /^(\w+Error): (.*?) \(line (\d+)(?:, column (\d+))?\)/m.exec(summary);
  if (syntax) return { line: Number(syntax[3]), column: syntax[4] ? Number(syntax[4]) : undefined, message: `${syntax[1]}: ${syntax[2]}` };
  const frames = [...(view.logs?.stderr ?? "").matchAll(SCRIPT_PATH_LINE)];
  const last = frames.at(-1);
  if (last) {
    const lastLine = (view.logs?.stderr ?? "").trim().split("\n").at(-1) ?? summary;
    return { line: Number(last[1]), message: lastLine };
  }
  return null;
}

function pick(values: SchemaFieldValues, fields: readonly { name: string }[]): SchemaFieldValues {
  return Object.fromEntries(fields.filter((field) => field.name in values).map((field) => [field.name, values[field.name]!]));
}

export function SandboxPanel({
  area,
  editor,
  onProblem,
  onShowLine,
  onRunStarted,
  onRunFinished,
  heading = "TESTKÖR",
  description,
}: {
  area: SandboxArea;
  /** The editor's text; absent: the panel runs the one version in `area.versions`. */
  editor?: EditorScript;
  /** The last TESTKÖR of the editor's text failed at this place (or null: clear the mark). */
  onProblem?: (problem: EditorProblem | null) => void;
  onShowLine?: (problem: EditorProblem) => void;
  onRunStarted?: () => void;
  /** A run shown here has finished (the review page refreshes its evidence). */
  onRunFinished?: () => void;
  heading?: string;
  description?: string;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [target, setTarget] = useState<string>(editor ? "editor" : (area.versions[0]?.id ?? "editor"));
  const [values, setValues] = useState<SchemaFieldValues>({});
  const [settings, setSettings] = useState<SchemaFieldValues>({});
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  /** The run shown; `source`: the editor's script it ran (null for a saved version). */
  const [run, setRun] = useState<{ id: string; source: string | null } | null>(null);
  const [runProblem, setRunProblem] = useState<EditorProblem | null>(null);

  const version = useQuery(trpc.version.get.queryOptions({ versionId: target }, { enabled: target !== "editor", staleTime: Infinity }));
  const ofEditor = target === "editor" && editor !== undefined;
  const inputSchema = ofEditor ? editor.inputSchema : (version.data?.inputSchema ?? null);
  const settingsSchema = ofEditor ? editor.settingsSchema : (version.data?.settingsSchema ?? null);
  const blocked = ofEditor ? editor.problem : version.isError ? problemOf(version.error).message : null;

  const fileField = inputSchema ? fileFieldOf(inputSchema) : null;
  const valueFields = (inputSchema ?? []).filter((field) => field.kind !== "file") as ValueField[];
  const settingFields = (settingsSchema ?? []) as ValueField[];
  // Defaults of the schema being run, overridden by what was typed (kept across schema edits by name).
  const shownValues = { ...initialValues(valueFields), ...pick(values, valueFields) };
  // Defaults, then the contributor's saved TESTKÖR settings (by field name: the schema may have changed), then what was typed.
  const shownSettings = { ...initialValues(settingFields, area.sandboxSettings as Record<string, JsonValue>), ...pick(settings, settingFields) };
  // A line mark belongs to the text that ran: once the script is edited it no longer points right.
  const runProblemShown = runProblem && run?.source !== null && run?.source === editor?.sourceCode ? runProblem : null;
  const editedSinceRun = run?.source != null && editor !== undefined && run.source !== editor.sourceCode;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    if (blocked || !inputSchema) {
      setFormError(blocked ?? "Vänta tills versionen har hämtats.");
      return;
    }
    const checkedValues = validateFormValues(valueFields, shownValues as Record<string, unknown>);
    const checkedSettings = validateFormValues(settingFields, shownSettings as Record<string, unknown>);
    const limits = area.uploadLimits;
    const chosen = fileField ? files : [];
    const fileProblem = fileField
      ? chosen.length < fileField.min
        ? fileField.min === 1
          ? "Välj en fil att testköra med."
          : `Välj minst ${fileField.min} filer.`
        : checkSelection(chosen, fileField, limits)
      : null;
    const nextErrors: Record<string, string> = {
      ...(checkedValues.ok ? {} : checkedValues.errors),
      ...(checkedSettings.ok ? {} : Object.fromEntries(Object.entries(checkedSettings.errors).map(([key, message]) => [`settings.${key}`, message]))),
      ...(fileProblem ? { files: fileProblem } : {}),
    };
    setErrors(nextErrors);
    if (Object.keys(nextErrors).length > 0) {
      setFormError("Rätta det som är markerat och tryck TESTKÖR igen.");
      return;
    }
    const body = new FormData();
    body.append("toolId", area.tool.id);
    body.append(
      "script",
      JSON.stringify(
        ofEditor
          ? {
              kind: "editor",
              sourceCode: editor.sourceCode,
              entrypoint: editor.entrypoint,
              inputSchema: editor.inputSchema,
              settingsSchema: editor.settingsSchema,
              // Only for the content hash: saved unchanged, the version is matched to this run on review.
              usageInstructions: editor.usageInstructions,
            }
          : { kind: "version", versionId: target },
      ),
    );
    body.append("values", JSON.stringify(checkedValues.ok ? checkedValues.values : {}));
    body.append("settings", JSON.stringify(checkedSettings.ok ? checkedSettings.values : {}));
    for (const file of chosen) body.append("files", file, file.name);
    setUploading(0);
    try {
      const { runId } = await postRunForm("/api/sandbox-runs", body, setUploading);
      setRun({ id: runId, source: ofEditor ? editor.sourceCode : null });
      setRunProblem(null);
      onProblem?.(null);
      onRunStarted?.();
    } catch (error) {
      const problem = problemOf(error, "Testkörningen kunde inte startas.");
      setErrors(Object.fromEntries(Object.entries(problem.fieldErrors).map(([key, message]) => [key.replace(/^values\./, ""), message])));
      setFormError(problem.message);
    } finally {
      setUploading(null);
    }
  }

  function onView(view: RunViewData) {
    if (FINISHED_RUN_STATUSES.includes(view.status)) onRunFinished?.();
    if (run?.source == null || run.source !== editor?.sourceCode) return;
    const problem = problemFromRun(view);
    setRunProblem(problem);
    onProblem?.(problem);
  }

  /** A follow-up step started from the shown run: the same script, so the same editor text. */
  function showNextStep(runId: string) {
    setRun((old) => ({ id: runId, source: old?.source ?? null }));
    setRunProblem(null);
    onRunStarted?.();
  }

  const settingErrors = Object.fromEntries(Object.entries(errors).filter(([key]) => key.startsWith("settings.")).map(([key, message]) => [key.slice(9), message]));

  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-stone-200 bg-white p-5">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {heading}
      </h2>
      <p className="mt-1 text-sm text-stone-600">
        {description ?? "Provkör verktyget som en användare skulle köra det. Testkörningar syns bara här – aldrig i Mina körningar."} Tidsgräns:{" "}
        {area.sandboxTimeoutSeconds} sekunder.
      </p>
      <div className="mt-4 grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <form onSubmit={submit} noValidate aria-label="Testkör verktyget" className="space-y-5">
          <div>
            <label htmlFor={`${id}-target`} className="block text-sm font-medium text-stone-800">
              Vad ska testköras?
            </label>
            <select
              id={`${id}-target`}
              disabled={!editor && area.versions.length <= 1}
              value={target}
              onChange={(event) => {
                setTarget(event.target.value);
                setFormError(null);
                setErrors({});
              }}
              className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
            >
              {editor && <option value="editor">Texten i editorn (även osparade ändringar)</option>}
              {area.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  Version {v.versionNumber} – {v.changesRequested ? "Ändringar begärda" : VERSION_STATE_LABELS[v.state]}
                </option>
              ))}
            </select>
          </div>
          {formError && <Alert tone="error">{formError}</Alert>}
          {blocked && !formError && <Alert tone="warning">{blocked}</Alert>}
          {!ofEditor && version.isPending && <p className="text-sm text-stone-600">Hämtar versionen…</p>}
          {fileField && <FilePicker field={fileField} limits={area.uploadLimits} files={files} onChange={setFiles} error={errors.files} />}
          {valueFields.length > 0 && (
            <SchemaFields fields={valueFields} values={shownValues} errors={errors} onChange={(name, value) => setValues((old) => ({ ...old, [name]: value }))} idPrefix={`${id}-input`} />
          )}
          {settingFields.length > 0 && (
            <fieldset className="rounded-md border border-stone-200 p-3">
              <legend className="px-1 text-sm font-medium text-stone-800">Inställningar för testkörningar</legend>
              <p className="mb-2 text-xs text-stone-600">Sparas för dig när du trycker TESTKÖR och fylls i nästa gång. Användarnas egna inställningar påverkas inte.</p>
              <SchemaFields
                fields={settingFields}
                values={shownSettings}
                errors={settingErrors}
                onChange={(name, value) => setSettings((old) => ({ ...old, [name]: value }))}
                idPrefix={`${id}-settings`}
              />
            </fieldset>
          )}
          <RunButton label="TESTKÖR" uploading={uploading} showProgress={files.length > 0} />
        </form>

        <div className="space-y-4" aria-live="polite">
          {run ? (
            <>
              {editedSinceRun && (
                <p className="rounded-md bg-stone-50 px-3 py-2 text-sm text-stone-700" data-testid="run-older-text">
                  Skriptet i editorn har ändrats sedan den här testkörningen. Tryck TESTKÖR för att prova den nya texten.
                </p>
              )}
              {runProblemShown && (
                <div className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950">
                  <span>
                    Felet finns på rad {runProblemShown.line}
                    {runProblemShown.column ? `, kolumn ${runProblemShown.column}` : ""} i skriptet.
                  </span>
                  {onShowLine && (
                    <Button size="sm" variant="secondary" onClick={() => onShowLine(runProblemShown)}>
                      Visa rad {runProblemShown.line} i editorn
                    </Button>
                  )}
                </div>
              )}
              <RunView key={run.id} runId={run.id} showLogs onView={onView} focusOnMount sandboxToolId={area.tool.id} onNewRun={showNextStep} />
            </>
          ) : (
            <div className="rounded-lg border border-dashed border-stone-300 px-6 py-10 text-center text-sm text-stone-600">Resultatet visas här när du har tryckt TESTKÖR.</div>
          )}
          {area.recentRuns.length > 0 && (
            <details className="rounded-md border border-stone-200 p-3">
              <summary className="cursor-pointer text-sm font-medium text-stone-800">Dina senaste testkörningar</summary>
              <ul className="mt-2 divide-y divide-stone-100 text-sm">
                {area.recentRuns.map((recent) => (
                  <li key={recent.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                    <span className="flex items-center gap-2">
                      <StatusBadge status={recent.status} />
                      {formatDateTime(recent.queuedAt)} · {recent.versionNumber ? `version ${recent.versionNumber}` : "text i editorn"}
                    </span>
                    <Button size="sm" variant="ghost" onClick={() => setRun({ id: recent.id, source: null })} aria-label={`Visa testkörningen ${formatDateTime(recent.queuedAt)}`}>
                      Visa
                    </Button>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      </div>
    </section>
  );
}
