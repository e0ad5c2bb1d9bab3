"use client";

import { useMutation } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useEffect, useState, useSyncExternalStore, type FormEvent } from "react";
import { validateFormValues } from "@/lib/form-values";
import { formatBytes, formatDay } from "@/lib/format";
import { fileFieldOf, type ValueField } from "@/lib/tool-schemas";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/client";
import { initialValues, SchemaFields, type SchemaFieldValues } from "../forms/schema-fields";
import { MarkdownOutputView } from "../run-result/markdown-output";
import { RetentionNote } from "../runs/retention-note";
import { RunView } from "../runs/run-view";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { problemOf } from "../ui/trpc-errors";
import { FilePicker, checkSelection } from "./file-picker";
import { uploadRun } from "./upload-run";
import { RunButton } from "./run-button";

type ToolPage = inferRouterOutputs<AppRouter>["tool"]["page"];

/**
 * Usage instructions are open until the user has seen this text (remembered per user on the
 * server, by a hash of the text — a changed text opens them again). The page renders them
 * open; once shown, the browser tells the server they were seen.
 */
function useMarkInstructionsSeen(page: ToolPage) {
  const trpc = useTRPC();
  const mark = useMutation(trpc.tool.markInstructionsSeen.mutationOptions());
  const { mutate } = mark;
  const shouldMark = !page.instructions.seen && page.version.usageInstructions.trim() !== "";
  useEffect(() => {
    if (shouldMark) mutate({ slug: page.tool.slug, instructionsHash: page.instructions.hash });
  }, [shouldMark, mutate, page.tool.slug, page.instructions.hash]);
}

const subscribeNever = () => () => {};

/**
 * False while the server-rendered page is not yet interactive: KÖR stays disabled until then, so
 * a click can never send the form as a plain GET (names in the URL, files lost).
 */
function useHydrated(): boolean {
  return useSyncExternalStore(subscribeNever, () => true, () => false);
}

export function ToolRunner({ page }: { page: ToolPage }) {
  const hydrated = useHydrated();
  const fileField = fileFieldOf(page.inputSchema);
  const valueFields = page.inputSchema.filter((field) => field.kind !== "file") as ValueField[];
  const [values, setValues] = useState<SchemaFieldValues>(() => initialValues(valueFields));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<File[]>([]);
  const [uploading, setUploading] = useState<number | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  useMarkInstructionsSeen(page);
  const trpc = useTRPC();
  // Sparade filer: used when the user picks no new files (and has not forgotten them).
  const [savedFiles, setSavedFiles] = useState(page.savedFiles);
  const [useSaved, setUseSaved] = useState(page.savedFiles !== null);
  const runSaved = useMutation(trpc.tool.runWithSavedFiles.mutationOptions());
  const forget = useMutation(
    trpc.tool.forgetSavedFiles.mutationOptions({
      onSuccess: () => {
        setSavedFiles(null);
        setUseSaved(false);
      },
    }),
  );
  const withSaved = Boolean(fileField && savedFiles && useSaved && files.length === 0);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const checked = validateFormValues(valueFields, values as Record<string, unknown>);
    const fileProblem = withSaved
      ? null
      : fileField
      ? files.length < fileField.min
        ? fileField.min === 1
          ? "Välj en fil att köra verktyget på."
          : `Välj minst ${fileField.min} filer.`
        : checkSelection(files, fileField, page.uploadLimits)
      : null;
    const nextErrors = { ...(checked.ok ? {} : checked.errors), ...(fileProblem ? { files: fileProblem } : {}) };
    setErrors(nextErrors);
    if (Object.keys(nextErrors).length > 0) {
      setFormError("Rätta det som är markerat och tryck KÖR igen.");
      return;
    }
    if (withSaved && savedFiles) {
      try {
        const { runId: created } = await runSaved.mutateAsync({ slug: page.tool.slug, values: checked.ok ? checked.values : {}, fromRunId: savedFiles.runId });
        setRunId(created);
      } catch (error) {
        const problem = problemOf(error);
        setErrors(problem.fieldErrors);
        setFormError(problem.message);
        if (problem.fieldErrors.files) setSavedFiles(null);
      }
      return;
    }
    setUploading(0);
    try {
      const { runId: created } = await uploadRun({ slug: page.tool.slug, values: checked.ok ? checked.values : {}, files, onProgress: setUploading });
      setRunId(created);
      // These files are now the ones the next KÖR can reuse.
      if (fileField) {
        const keptUntil = new Date(Date.now() + page.retentionDays * 24 * 60 * 60 * 1000).toISOString();
        setSavedFiles({ runId: created, files: files.map((file) => ({ name: file.name, bytes: file.size })), keptUntil });
      }
    } catch (error) {
      const problem = problemOf(error);
      setErrors(problem.fieldErrors);
      setFormError(problem.message);
    } finally {
      setUploading(null);
    }
  }

  // Beside the form, above the result: open on the first visit, one click away after that.
  const instructions = page.version.usageInstructions.trim() ? (
          <details open={!page.instructions.seen} className="group rounded-lg border border-stone-200 bg-white p-4">
            {/* An h2 inside the summary: the instructions' own headings (h3 and down) sit under it in the outline. */}
            <summary className="cursor-pointer text-stone-900">
              <h2 className="inline text-base font-semibold">Så använder du verktyget</h2>
            </summary>
            <div className="mt-3">
              <MarkdownOutputView markdown={page.version.usageInstructions} />
            </div>
          </details>
  ) : null;

  return (
    // minmax(0,1fr) on phones too: a long line in a result (a Bcc line, a wide table) must
    // scroll inside its box, not stretch the page sideways.
    // With a result, one column: the result below the form gets the page's width (wide tables,
    // charts); before it, the instructions sit beside the form.
    <div className={`grid grid-cols-[minmax(0,1fr)] gap-6 ${runId ? "" : "lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]"}`} data-testid="tool-runner">
      <div className={`space-y-5 ${runId ? "lg:max-w-3xl" : ""}`}>
        <form onSubmit={submit} method="post" noValidate aria-label="Kör verktyget" className="space-y-5 rounded-lg border border-stone-200 bg-white p-5">
          {formError && <Alert tone="error">{formError}</Alert>}
          {fileField && savedFiles && (
            <SavedFilesChoice
              files={savedFiles.files}
              keptUntil={savedFiles.keptUntil}
              checked={useSaved}
              overridden={files.length > 0}
              onChange={setUseSaved}
              onForget={() => forget.mutate({ slug: page.tool.slug })}
              forgetting={forget.isPending}
            />
          )}
          {forget.isSuccess && <p role="status" className="text-sm text-emerald-800">Filerna från förra körningen är borttagna.</p>}
          {forget.isError && <Alert tone="error">{forget.error.message}</Alert>}
          {fileField && <FilePicker field={fileField} limits={page.uploadLimits} files={files} onChange={setFiles} error={errors.files} />}
          {valueFields.length > 0 && (
            <SchemaFields fields={valueFields} values={values} errors={errors} onChange={(name, value) => setValues((old) => ({ ...old, [name]: value }))} idPrefix="input" />
          )}
          <RunButton label="KÖR" uploading={uploading} showProgress={files.length > 0} disabled={!hydrated || runSaved.isPending} />
          <RetentionNote retentionDays={page.retentionDays} where="tool" />
        </form>

        {page.settingsSchema.length > 0 && <SettingsPanel page={page} />}
      </div>

      {/* Once there is a run, its result comes first: on a phone it is right below the form. */}
      <div className="space-y-5">
        {!runId && instructions}
        {runId ? (
          <RunView key={runId} runId={runId} slug={page.tool.slug} onNewRun={setRunId} focusOnMount />
        ) : page.continueRunId ? (
          // An interactive tool the user left mid-way (reload, another day): pick up from there.
          <div className="space-y-3 rounded-lg border border-brand-100 bg-brand-50 px-5 py-4 text-sm text-stone-800">
            <p>Du har redan börjat använda verktyget. Du kan fortsätta där du slutade, eller trycka KÖR för att börja om.</p>
            <Button variant="secondary" onClick={() => setRunId(page.continueRunId)} disabled={!hydrated}>
              Fortsätt där du slutade
            </Button>
          </div>
        ) : (
          <div className="rounded-lg border border-dashed border-stone-300 bg-white px-6 py-10 text-center text-sm text-stone-600">
            Resultatet visas här när du har tryckt KÖR.
          </div>
        )}
        {runId && instructions}
      </div>
    </div>
  );
}

/**
 * Sparade filer: the files of the user's last run, offered again so they need not be chosen
 * anew; new files chosen below take their place for this run.
 */
function SavedFilesChoice({
  files,
  keptUntil,
  checked,
  overridden,
  onChange,
  onForget,
  forgetting,
}: {
  files: { name: string; bytes: number }[];
  keptUntil: string;
  checked: boolean;
  overridden: boolean;
  onChange: (checked: boolean) => void;
  onForget: () => void;
  forgetting: boolean;
}) {
  const list = files.map((file) => `${file.name} (${formatBytes(file.bytes)})`).join(", ");
  return (
    <fieldset className="space-y-2 rounded-md border border-brand-100 bg-brand-50 p-3 text-sm text-stone-800">
      <legend className="sr-only">Sparade filer</legend>
      <label className="flex items-start gap-2">
        <input type="checkbox" className="mt-1 size-4 shrink-0" checked={checked && !overridden} disabled={overridden} onChange={(event) => onChange(event.target.checked)} />
        <span className="min-w-0 break-words">
          Använd filerna från förra körningen: <strong className="font-semibold">{list}</strong>
        </span>
      </label>
      {/* Counted from the upload: a run made with them now loses its result on the same day. */}
      <p className="text-stone-600">Filerna sparas till {formatDay(keptUntil)}; då tas de och resultaten av körningar med dem bort.</p>
      {overridden && <p className="text-stone-600">Du har valt nya filer, så de används i stället.</p>}
      <Button type="button" variant="secondary" size="sm" onClick={onForget} disabled={forgetting}>
        Glöm filerna
      </Button>
    </fieldset>
  );
}

/** The user's own settings for the tool (saved server-side, used by every later run). */
function SettingsPanel({ page: tool }: { page: ToolPage }) {
  const trpc = useTRPC();
  const fields = tool.settingsSchema as ValueField[];
  const [settings, setSettings] = useState<SchemaFieldValues>(() => initialValues(fields, tool.settings as Record<string, never>));
  const [settingErrors, setSettingErrors] = useState<Record<string, string>>({});
  const save = useMutation(
    trpc.tool.saveSettings.mutationOptions({
      onError: (error) => setSettingErrors(problemOf(error).fieldErrors),
    }),
  );
  return (
    <details className="rounded-lg border border-stone-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold text-stone-900">Inställningar</summary>
      <p className="mt-2 text-sm text-stone-600">Dina inställningar sparas och används varje gång du kör verktyget.</p>
      <form
        className="mt-3 space-y-4"
        noValidate
        aria-label="Inställningar"
        onSubmit={(event) => {
          event.preventDefault();
          const checked = validateFormValues(fields, settings as Record<string, unknown>);
          if (!checked.ok) return setSettingErrors(checked.errors);
          setSettingErrors({});
          save.mutate({ slug: tool.tool.slug, values: checked.values });
        }}
      >
        <SchemaFields fields={fields} values={settings} errors={settingErrors} onChange={(name, value) => setSettings((old) => ({ ...old, [name]: value }))} idPrefix="settings" />
        <div className="flex items-center gap-3">
          <Button type="submit" variant="secondary" disabled={save.isPending}>
            Spara inställningar
          </Button>
          {save.isSuccess && <span role="status" className="text-sm text-emerald-800">Inställningarna är sparade.</span>}
          {save.isError && Object.keys(settingErrors).length === 0 && <span role="alert" className="text-sm text-red-700">{save.error.message}</span>}
        </div>
      </form>
    </details>
  );
}
