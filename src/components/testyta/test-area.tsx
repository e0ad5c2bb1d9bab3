"use client";

/**
 * The Testyta: edit a tool's script, entrypoint, schemas and instructions; Spara makes a new
 * draft version (a save conflict shows the newer version beside the author's text); TESTKÖR
 * runs the editor's text or any version; the version history compares versions; the draft
 * goes for review; admins manage the tool's Katalog entry.
 *
 * The editor remembers which saved version it is based on (the head when the page loaded or
 * when the author last saved): that is the parent the next save names, so a save made after
 * someone else's is refused instead of silently replacing it.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import { prettyJson } from "@/lib/line-diff";
import { lintPython } from "@/lib/python-lint";
import { inputSchemaSchema, settingsSchemaSchema } from "@/lib/tool-schemas";
import { parseJsonField, validateVersionContent } from "@/lib/version-schemas";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/client";
import { WorkStateBadges } from "../my-tools/work-state-badges";
import { VersionDiff, type ComparableVersion } from "../review/version-diff";
import { MarkdownOutputView } from "../run-result/markdown-output";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { CodeEditor, type CodeEditorHandle, type EditorProblem } from "./code-editor";
import { ContractHelp } from "./contract-help";
import { LeaveGuard } from "./draft/leave-guard";
import { DraftOffer, useWorkingCopy } from "./draft/working-copy";
import { LintSummary } from "./lint/lint-summary";
import { problemOf } from "../ui/trpc-errors";
import { SandboxPanel, type EditorScript } from "./sandbox-panel";
import { SchemaEditor } from "./schema-builder/schema-builder";
import { SubmitPanel } from "./submit-panel";
import { ToolAdminPanel } from "./tool-admin-panel";
import { VersionHistory } from "./version-history";

type TestArea = inferRouterOutputs<AppRouter>["version"]["testArea"];

type EditorTexts = { sourceCode: string; entrypoint: string; inputSchema: string; settingsSchema: string; usageInstructions: string };

function textsOf(version: { sourceCode: string; entrypoint: string; inputSchema: unknown; settingsSchema: unknown; usageInstructions: string }): EditorTexts {
  return {
    sourceCode: version.sourceCode,
    entrypoint: version.entrypoint,
    inputSchema: prettyJson(version.inputSchema),
    settingsSchema: prettyJson(version.settingsSchema),
    usageInstructions: version.usageInstructions,
  };
}

const FIX_ERRORS_FIRST = "Rätta felen som visas innan du sparar.";

const sameTexts = (a: EditorTexts, b: EditorTexts) => (Object.keys(a) as (keyof EditorTexts)[]).every((key) => a[key] === b[key]);

const TABS = [
  { key: "script", label: "Skript" },
  { key: "input", label: "Formulär (input_schema)" },
  { key: "settings", label: "Inställningar (settings_schema)" },
  { key: "instructions", label: "Instruktioner" },
] as const;
type TabKey = (typeof TABS)[number]["key"];

export function TestAreaView({ initial }: { initial: TestArea }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const toolId = initial.tool.id;
  const areaQuery = useQuery(trpc.version.testArea.queryOptions({ toolId }, { initialData: initial }));
  const area = areaQuery.data;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.version.testArea.queryKey({ toolId }) });

  const [texts, setTexts] = useState<EditorTexts>(() => textsOf(initial.head));
  const [base, setBase] = useState(() => ({ id: initial.head.id, versionNumber: initial.head.versionNumber, texts: textsOf(initial.head) }));
  const [tab, setTab] = useState<TabKey>("script");
  const [feedback, setFeedback] = useState<{ tone: "success" | "error" | "info"; text: string } | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const [showErrors, setShowErrors] = useState(false);
  const editorRef = useRef<CodeEditorHandle>(null);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  const dirty = !sameTexts(texts, base.texts);
  const setText = (key: keyof EditorTexts) => (value: string) => setTexts((old) => ({ ...old, [key]: value }));

  const uploadMaxFiles = initial.uploadLimits.maxFiles;
  // What the editor holds, validated as a save would be (errors point at the field path).
  const checked = useMemo(() => {
    const errors: Record<string, string> = {};
    const input = parseJsonField("input_schema", texts.inputSchema);
    const settings = parseJsonField("settings_schema", texts.settingsSchema);
    if (!input.ok) errors.inputSchema = input.message;
    if (!settings.ok) errors.settingsSchema = settings.message;
    const result = validateVersionContent({
      sourceCode: texts.sourceCode,
      entrypoint: texts.entrypoint,
      inputSchema: input.ok ? input.value : [],
      settingsSchema: settings.ok ? settings.value : [],
      usageInstructions: texts.usageInstructions,
    }, { maxFiles: uploadMaxFiles });
    if (!result.ok) for (const [key, message] of Object.entries(result.errors)) errors[key] ??= message;
    // Parsed on their own too, so TESTKÖR can build its form while, say, the entrypoint is wrong.
    const inputParsed = input.ok ? inputSchemaSchema.safeParse(input.value) : null;
    const settingsParsed = settings.ok ? settingsSchemaSchema.safeParse(settings.value) : null;
    return {
      errors,
      content: result.ok && input.ok && settings.ok ? result.content : null,
      runnableInputSchema: inputParsed?.success ? inputParsed.data : null,
      runnableSettingsSchema: settingsParsed?.success ? settingsParsed.data : null,
      inputSchema: input.ok ? input.value : texts.inputSchema,
      settingsSchema: settings.ok ? settings.value : texts.settingsSchema,
    };
  }, [texts, uploadMaxFiles]);
  const errors = checked.errors;

  // The working copy is kept locally as the author types and offered back after a reload.
  // Per person too: on a shared school computer one contributor is never offered another's text.
  const workingCopy = useWorkingCopy(`${initial.viewerId}/${toolId}`, base, texts);
  // The script check while typing; the last run's problem is shown with it.
  // Deferred: a parse takes ~10 ms for a 300-line script, more for long ones, and typing comes first.
  const lintedSource = useDeferredValue(texts.sourceCode);
  const lintedEntrypoint = useDeferredValue(texts.entrypoint);
  const lint = useMemo(() => lintPython(lintedSource, { entrypoint: lintedEntrypoint }), [lintedSource, lintedEntrypoint]);
  const editorProblems = useMemo<EditorProblem[]>(() => [...problems, ...lint], [problems, lint]);

  const save = useMutation(
    trpc.version.save.mutationOptions({
      onSuccess: (result) => {
        setConflict(null);
        setFeedback({ tone: "success", text: `Sparat som version ${result.versionNumber}.` });
        void refresh();
      },
      onError: (error) => {
        const problem = problemOf(error, "Det gick inte att spara.");
        if (problem.code === "CONFLICT") {
          setFeedback(null);
          // Show the comparison once the newer version has been fetched.
          void refresh().then(() => setConflict(problem.message));
        } else {
          setFeedback({ tone: "error", text: problem.message });
        }
      },
    }),
  );

  function doSave() {
    setFeedback(null);
    setShowErrors(true);
    if (!checked.content) {
      setFeedback({ tone: "error", text: FIX_ERRORS_FIRST });
      const firstBad = errors.sourceCode || errors.entrypoint ? "script" : errors.inputSchema ? "input" : errors.settingsSchema ? "settings" : errors.usageInstructions ? "instructions" : null;
      if (firstBad) setTab(firstBad);
      return;
    }
    if (!dirty) {
      setFeedback({ tone: "info", text: `Inget är ändrat sedan version ${base.versionNumber}.` });
      return;
    }
    const saving = texts;
    save.mutate(
      { toolId, parentVersionId: base.id, ...checked.content },
      // The editor's text as it was when Spara was pressed (schemas as the author wrote them).
      { onSuccess: (result) => setBase({ id: result.versionId, versionNumber: result.versionNumber, texts: saving }) },
    );
  }

  async function loadIntoEditor(versionId: string) {
    const version = await queryClient.fetchQuery(trpc.version.get.queryOptions({ versionId }, { staleTime: Infinity }));
    if (dirty && !window.confirm(`Ersätta texten i editorn med version ${version.versionNumber}? Dina osparade ändringar försvinner.`)) return;
    setTexts(textsOf(version));
    setProblems([]);
    setFeedback({ tone: "info", text: `Version ${version.versionNumber} är inläst i editorn. Spara för att göra den till en ny version.` });
    setTab("script");
  }

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const index = TABS.findIndex((t) => t.key === tab);
    const move = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    const jump = event.key === "Home" ? 0 : event.key === "End" ? TABS.length - 1 : null;
    if (!move && jump === null) return;
    event.preventDefault();
    const next = TABS[jump ?? (index + move + TABS.length) % TABS.length]!;
    setTab(next.key);
    tabRefs.current[next.key]?.focus();
  }

  const editorScript: EditorScript = {
    sourceCode: texts.sourceCode,
    entrypoint: texts.entrypoint.trim(),
    inputSchema: checked.runnableInputSchema,
    settingsSchema: checked.runnableSettingsSchema,
    usageInstructions: texts.usageInstructions,
    problem: errors.inputSchema || errors.settingsSchema || errors.entrypoint || errors.sourceCode || null,
  };
  const editorVersion: ComparableVersion = {
    sourceCode: texts.sourceCode,
    entrypoint: texts.entrypoint,
    inputSchema: checked.inputSchema,
    settingsSchema: checked.settingsSchema,
    usageInstructions: texts.usageInstructions,
  };
  const tabHasError: Record<TabKey, boolean> = {
    script: Boolean(errors.sourceCode || errors.entrypoint),
    input: Boolean(errors.inputSchema),
    settings: Boolean(errors.settingsSchema),
    instructions: Boolean(errors.usageInstructions),
  };
  const inReview = area.versions.find((version) => version.state === "in_review");

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <WorkStateBadges
          workState={area.workState}
          inCatalog={area.tool.isPublished}
          activeVersionNumber={area.versions.find((version) => version.state === "active")?.versionNumber ?? null}
        />
        {area.tool.isPublished && (
          <Link href={`/tools/${area.tool.slug}`} className="ml-auto font-medium text-brand-700 underline">
            Öppna i katalogen
          </Link>
        )}
      </div>

      {area.changesRequested && (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950" data-testid="review-note">
          <h2 className="font-semibold">Ändringar begärda i version {area.changesRequested.versionNumber}</h2>
          <p className="mt-1 whitespace-pre-line">{area.changesRequested.note}</p>
          <p className="mt-2 text-amber-900">Gör ändringarna, spara och skicka verktyget för granskning igen.</p>
        </div>
      )}
      {inReview && area.isAdmin && (
        <Alert tone="info">
          Version {inReview.versionNumber} väntar på granskning.{" "}
          <Link href={`/admin/review/${inReview.id}`} className="font-medium underline">
            Granska den
          </Link>
        </Alert>
      )}

      <LeaveGuard dirty={dirty} />
      {workingCopy.offer && (
        <DraftOffer
          draft={workingCopy.offer}
          currentBase={base}
          onRestore={(draft, draftBase) => {
            setBase(draftBase);
            setTexts(draft.texts);
            setProblems([]);
            workingCopy.dismiss(false);
            setFeedback({ tone: "info", text: "De osparade ändringarna är återställda. Spara för att göra dem till en ny version." });
          }}
          onDiscard={() => workingCopy.dismiss(true)}
        />
      )}

      <section aria-labelledby={`${id}-editor-heading`} className="rounded-lg border border-stone-200 bg-white p-5" onKeyDown={(event) => {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
          event.preventDefault();
          doSave();
        }
      }}>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id={`${id}-editor-heading`} className="text-lg font-semibold">
            Redigera
          </h2>
          <p className="text-sm text-stone-600" role="status" data-testid="save-state">
            {dirty ? `Osparade ändringar (bygger på version ${base.versionNumber})` : `Allt är sparat (version ${base.versionNumber})`}
          </p>
        </div>

        <div role="tablist" aria-label="Vad vill du redigera?" className="mt-4 flex flex-wrap gap-1 border-b border-stone-200">
          {TABS.map((t) => (
            <button
              key={t.key}
              ref={(element) => {
                tabRefs.current[t.key] = element;
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${t.key}`}
              aria-selected={tab === t.key}
              aria-controls={`${id}-panel-${t.key}`}
              tabIndex={tab === t.key ? 0 : -1}
              onClick={() => setTab(t.key)}
              onKeyDown={onTabKey}
              className="-mb-px rounded-t-md border-b-2 border-transparent px-3 py-2 text-sm font-medium text-stone-700 hover:bg-stone-100 aria-selected:border-brand-700 aria-selected:text-brand-800"
            >
              {t.label}
              {showErrors && tabHasError[t.key] && <span className="ml-1 text-red-700">(fel)</span>}
            </button>
          ))}
        </div>

        <TabPanel id={id} tab="script" current={tab}>
          <div className="grid grid-cols-[minmax(0,1fr)] gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]">
          <div className="min-w-0 space-y-4">
          <div className="max-w-xs">
            <TextField
              label="Startfunktion (entrypoint)"
              value={texts.entrypoint}
              onChange={(event) => setText("entrypoint")(event.target.value)}
              error={errors.entrypoint}
              hint="Funktionen som Skriptoteket anropar, oftast run_tool."
              spellCheck={false}
              autoComplete="off"
            />
          </div>
          <div>
            <p id={`${id}-script-label`} className="mb-1 text-sm font-medium text-stone-800">
              Skript (Python)
            </p>
            <CodeEditor
              ref={editorRef}
              value={texts.sourceCode}
              onChange={(value) => {
                setText("sourceCode")(value);
                // The last run's mark belongs to the text it ran; editing makes it stale.
                setProblems((old) => (old.length > 0 ? [] : old));
              }}
              label="Skript (Python)"
              describedBy={`${id}-script-help`}
              problems={editorProblems}
            />
            <p id={`${id}-script-help`} className="mt-1 text-xs text-stone-600">
              Tab drar in raden, Shift+Tab tar bort indrag. Ctrl+F söker, Ctrl+S sparar. Tryck Esc och sedan Tab för att lämna editorn med tangentbordet.
            </p>
            {errors.sourceCode && <p className="mt-1 text-sm text-red-700">{errors.sourceCode}</p>}
            <LintSummary
              diagnostics={lint}
              onShow={(line, column) => editorRef.current?.goToLine(line, column)}
            />
          </div>
          </div>
          <ContractHelp entrypoint={texts.entrypoint.trim()} />
          </div>
        </TabPanel>

        <TabPanel id={id} tab="input" current={tab}>
          <SchemaEditor
            target="input"
            value={texts.inputSchema}
            onChange={setText("inputSchema")}
            limits={area.uploadLimits}
            jsonView={
              <JsonField
                id={`${id}-input-schema`}
                label="Formulär (input_schema, JSON)"
                value={texts.inputSchema}
                onChange={setText("inputSchema")}
                error={errors.inputSchema}
                help={
                  <>
                    En lista med fält som användaren fyller i före KÖR. Fälttyper: string, text, integer, number, boolean, enum och högst ett file-fält
                    {" "}(<code>{`{"kind": "file", "name": "filer", "label": "Filer", "accept": [".csv"], "min": 1, "max": 1}`}</code>). Formuläret under TESTKÖR visar resultatet direkt.
                  </>
                }
              />
            }
          />
        </TabPanel>

        <TabPanel id={id} tab="settings" current={tab}>
          <SchemaEditor
            target="settings"
            value={texts.settingsSchema}
            onChange={setText("settingsSchema")}
            limits={area.uploadLimits}
            jsonView={
              <JsonField
                id={`${id}-settings-schema`}
                label="Inställningar (settings_schema, JSON)"
                value={texts.settingsSchema}
                onChange={setText("settingsSchema")}
                error={errors.settingsSchema}
                help="Inställningar som varje användare sparar för sig och som skickas med varje körning (memory.json). Samma fälttyper som formuläret plus multi_enum; inga filer. Lämna [] om verktyget inte har några."
              />
            }
          />
        </TabPanel>

        <TabPanel id={id} tab="instructions" current={tab}>
          <div className="grid gap-4 lg:grid-cols-2">
            <div>
              <label htmlFor={`${id}-instructions`} className="block text-sm font-medium text-stone-800">
                Instruktioner (Markdown)
              </label>
              <textarea
                id={`${id}-instructions`}
                rows={16}
                value={texts.usageInstructions}
                onChange={(event) => setText("usageInstructions")(event.target.value)}
                aria-invalid={errors.usageInstructions ? true : undefined}
                aria-describedby={`${id}-instructions-help`}
                className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 font-mono text-sm"
              />
              <p id={`${id}-instructions-help`} className="mt-1 text-xs text-stone-600">
                Visas för användarna bredvid formuläret. **fet**, *kursiv*, listor med - eller 1., rubriker med #.
              </p>
              {errors.usageInstructions && <p className="mt-1 text-sm text-red-700">{errors.usageInstructions}</p>}
            </div>
            <div>
              <h3 className="text-sm font-medium text-stone-800">Förhandsvisning</h3>
              <div className="mt-1 rounded-md border border-stone-200 p-4" aria-label="Förhandsvisning av instruktionerna" role="region">
                {texts.usageInstructions.trim() ? <MarkdownOutputView markdown={texts.usageInstructions} /> : <p className="text-sm text-stone-500">Inga instruktioner ännu.</p>}
              </div>
            </div>
          </div>
        </TabPanel>

        <div className="mt-5 space-y-3 border-t border-stone-200 pt-4">
          {/* "Fix the errors first" goes by itself once the errors are fixed. */}
          <div aria-live="polite">{feedback && !(feedback.text === FIX_ERRORS_FIRST && checked.content) && <Alert tone={feedback.tone}>{feedback.text}</Alert>}</div>
          {!conflict && area.head.id !== base.id && area.head.versionNumber > base.versionNumber && (
            <Alert tone="warning">
              Version {area.head.versionNumber} har sparats efter version {base.versionNumber}, som din text bygger på. Om du sparar får du jämföra texterna och välja vad du vill behålla.
            </Alert>
          )}
          {conflict && (
            <SaveConflict
              message={conflict}
              head={area.head}
              mine={editorVersion}
              onKeepMine={() => {
                setBase({ id: area.head.id, versionNumber: area.head.versionNumber, texts: textsOf(area.head) });
                setConflict(null);
                setFeedback({ tone: "info", text: `Din text bygger nu på version ${area.head.versionNumber}. Tryck Spara för att spara den som en ny version.` });
              }}
              onTakeTheirs={() => {
                setTexts(textsOf(area.head));
                setBase({ id: area.head.id, versionNumber: area.head.versionNumber, texts: textsOf(area.head) });
                setConflict(null);
                setFeedback({ tone: "info", text: `Version ${area.head.versionNumber} är inläst i editorn.` });
              }}
            />
          )}
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={doSave} disabled={save.isPending}>
              {save.isPending ? "Sparar…" : "Spara"}
            </Button>
            <span className="text-sm text-stone-600">Spara skapar en ny version. Inget du sparar syns för användarna förrän en administratör har publicerat det.</span>
          </div>
        </div>
      </section>

      <SandboxPanel
        area={area}
        editor={editorScript}
        onProblem={(problem) => setProblems(problem ? [problem] : [])}
        onShowLine={(problem) => {
          setTab("script");
          // The panel becomes visible first, then the editor can scroll and focus.
          requestAnimationFrame(() => editorRef.current?.goToLine(problem.line, problem.column));
        }}
        onRunStarted={() => void refresh()}
      />

      <SubmitPanel area={area} dirty={dirty} onSubmitted={() => void refresh()} />

      <VersionHistory area={area} editorVersion={editorVersion} onLoadIntoEditor={(versionId) => void loadIntoEditor(versionId)} onChanged={() => void refresh()} />

      {area.isAdmin && <ToolAdminPanel area={area} onChanged={() => void refresh()} />}
    </div>
  );
}

function TabPanel({ id, tab, current, children }: { id: string; tab: TabKey; current: TabKey; children: ReactNode }) {
  return (
    <div role="tabpanel" id={`${id}-panel-${tab}`} aria-labelledby={`${id}-tab-${tab}`} hidden={tab !== current} className="mt-4 space-y-4">
      {children}
    </div>
  );
}

function JsonField({ id, label, value, onChange, error, help }: { id: string; label: string; value: string; onChange: (value: string) => void; error?: string; help: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      <p id={`${id}-help`} className="mt-0.5 text-xs text-stone-600">
        {help}
      </p>
      <textarea
        id={id}
        rows={14}
        value={value}
        spellCheck={false}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${error ? `${id}-error ` : ""}${id}-help`}
        className="mt-2 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 font-mono text-xs leading-relaxed aria-[invalid=true]:border-red-600"
      />
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm whitespace-pre-line text-red-700" data-testid={`${id.split("-").slice(-2).join("-")}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function SaveConflict({
  message,
  head,
  mine,
  onKeepMine,
  onTakeTheirs,
}: {
  message: string;
  head: TestArea["head"];
  mine: ComparableVersion;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  return (
    <div className="space-y-3 rounded-md border border-red-300 bg-red-50 p-4" data-testid="save-conflict">
      <div role="alert" className="text-sm text-red-950">
        <h3 className="font-semibold">Din text är inte sparad</h3>
        <p className="mt-1">{message}</p>
      </div>
      <VersionDiff before={head} after={mine} beforeLabel={`Version ${head.versionNumber} (sparad)`} afterLabel="Din text (inte sparad)" />
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={onKeepMine}>
          Behåll min text
        </Button>
        <Button variant="secondary" onClick={onTakeTheirs}>
          Använd version {head.versionNumber}
        </Button>
      </div>
    </div>
  );
}
