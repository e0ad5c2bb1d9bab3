/**
 * Raw run result → what the ToolRun row stores and the UI renders. PURE.
 *
 * Trust model: result.json was written by code running as the same uid as the hostile script,
 * so it is re-validated completely here (RUNNER-CONTRACT.md §6). A structural violation fails
 * the run as a "runner contract violation"; a size over a cap is cut down and the cut is
 * announced with a visible warning notice — never a silent loss.
 *
 * Messages about platform conditions are plain Swedish for teachers; messages a tool raised
 * itself (ToolUserError) pass through unchanged, only capped in length.
 */
import { formatBytes } from "@/lib/format";
import {
  IMAGE_EXTENSIONS,
  UI_CAPS,
  resultJsonSchema,
  type FormAction,
  type JsonObject,
  type JsonValue,
  type NoticeOutput,
  type UiOutput,
} from "@/lib/ui-contract";
import { applyVegaSpecPolicy, VEGA_REMOVAL_LABELS } from "@/lib/vega-spec-policy";
import { checkRelativePath, sanitizeNameForNotice } from "@/server/artifacts/safe-path";
import { parseResultJsonExact } from "./big-integers";
import { fileExtension } from "./content-type";
import { postgresSafeText } from "./postgres-safe";
import { systemNotice, type NormalizedResult, type RawRunResult } from "./run-result";
import { truncateUtf8String, utf8ByteLength } from "./utf8";

/** Deeper nesting than this in result.json is refused before any recursive walk. */
export const RESULT_JSON_MAX_NESTING = 100;

export const MESSAGES = {
  cancelled: "Körningen avbröts.",
  timedOut: (seconds: number) => `Verktyget tog för lång tid (mer än ${seconds} sekunder) och stoppades.`,
  outOfMemory: (bytes: number) =>
    `Verktyget använde för mycket minne (mer än ${formatBytes(bytes)}) och stoppades. ` +
    "Prova med en mindre fil eller be verktygets ansvariga om hjälp.",
  violation: (reason: string) => `Verktygets resultat kunde inte läsas (runner contract violation): ${reason}`,
  stoppedFromOutside:
    "Körningen avbröts eftersom körmiljön stoppades utifrån innan verktyget blev klart, till exempel när Docker startades om. Inget resultat sparades – kör verktyget igen.",
  failedWithoutMessage: "Verktyget misslyckades utan att ange något felmeddelande.",
  bigIntegersAsText:
    "heltal större än 9 007 199 254 740 991 (eller mindre än −9 007 199 254 740 991) visas som text, " +
    "så att alla siffror blir rätt.",
} as const;

export function normalizeRunResult(raw: RawRunResult): NormalizedResult {
  const notices = [...raw.notices];
  const platform = (status: NormalizedResult["status"], errorSummary: string): NormalizedResult => ({
    status,
    errorSummary: capErrorSummary(errorSummary),
    outputs: notices.map(noticeOutput),
    nextActions: [],
    state: null,
    notices,
    failureKind: "platform",
  });

  if (raw.outcome === "cancelled") return platform("cancelled", MESSAGES.cancelled);
  if (raw.outcome === "timed_out" || raw.timedOut) return platform("timed_out", MESSAGES.timedOut(raw.timeoutSeconds));
  // An OOM kill fails the run unless the tool still delivered a valid success (then only a
  // sub-process was killed and the tool coped). The wrapper's own claim of an OOM kill can
  // only hurt the script that made it.
  const oom = raw.oomKilled || raw.meta?.oom_killed === true;
  const oomFailure = () => platform("failed", MESSAGES.outOfMemory(raw.memoryLimitBytes));
  const firstViolation = raw.violations[0];
  if (raw.outcome === "violation" || firstViolation !== undefined) {
    if (oom) return oomFailure();
    return platform("failed", MESSAGES.violation(firstViolation ?? "utdataströmmen var ogiltig."));
  }
  if (raw.resultJsonText === null) {
    if (oom) return oomFailure();
    // SIGKILL/SIGTERM of the wrapper (PID 1) that the host did not send (its own kills are
    // timeout, cancel and violation, handled above): the daemon stopping, or `docker kill`.
    if (raw.exitCode === 137 || raw.exitCode === 143) return platform("failed", MESSAGES.stoppedFromOutside);
    const reason =
      raw.exitCode !== null && raw.exitCode !== 0
        ? `körmiljön avslutades med kod ${raw.exitCode} utan att skriva result.json.`
        : "result.json saknas.";
    return platform("failed", MESSAGES.violation(reason));
  }

  const parsed = parseResultJson(raw.resultJsonText);
  if (!parsed.ok) return oom ? oomFailure() : platform("failed", MESSAGES.violation(parsed.reason));
  const result = parsed.value;
  // The wrapper's soft timeout (SKRIPTOTEKET_TIMEOUT_SECONDS) ended the script.
  if (result.status === "timed_out") return platform("timed_out", MESSAGES.timedOut(raw.timeoutSeconds));
  if (oom && result.status !== "succeeded") return oomFailure();
  if (oom) notices.push(systemNotice("en del av verktyget fick slut på minne men verktyget slutförde ändå körningen."));
  if (parsed.cleaned) notices.push(systemNotice("ogiltiga tecken (NUL eller trasig Unicode) i resultatet ersattes med \uFFFD."));
  if (parsed.bigIntegersAsText > 0) notices.push(systemNotice(MESSAGES.bigIntegersAsText));

  const artifactPaths = new Set(raw.artifacts.map((artifact) => artifact.path));
  const imageProblem = checkImagePaths(result.outputs, artifactPaths);
  if (imageProblem) return platform("failed", MESSAGES.violation(imageProblem));

  const cut = (text: string) => notices.push(systemNotice(text));
  let outputs = capOutputs(result.outputs, cut);
  let nextActions = capActions(result.next_actions, cut);
  const state = capState(result.state, cut);
  ({ outputs, nextActions } = capPayload(outputs, nextActions, notices, cut));

  const succeeded = result.status === "succeeded";
  const summary = result.error_summary?.trim() ? translateWrapperMessage(result.error_summary) : MESSAGES.failedWithoutMessage;
  return {
    status: succeeded ? "succeeded" : "failed",
    errorSummary: succeeded ? null : capErrorSummary(summary),
    outputs: [...outputs, ...notices.map(noticeOutput)],
    nextActions,
    state,
    notices,
    failureKind: succeeded ? null : "tool",
  };
}

/**
 * The wrapper writes its own failure texts in short English and leaves translation to the host
 * (runner-image/README.md). Only those exact texts are translated; a ToolUserError's message
 * and the contract's own "Tool execution failed (ExceptionName)." (RUNNER-CONTRACT §5, which
 * tools written elsewhere rely on) pass through unchanged, as do syntax error reports.
 */
const WRAPPER_MESSAGES: ReadonlyArray<[RegExp, (...groups: string[]) => string]> = [
  [/^Entrypoint '(.{0,128})' was not found in the script\.$/s, (name) => `Skriptet saknar funktionen "${name}" som verktyget ska starta i.`],
  [/^The tool's result is too large\.$/, () => "Verktygets resultat var för stort."],
  [/^The tool's result is nested too deeply \(more than (\d+) levels\)\.$/, (n) => `Verktygets resultat var nästlat för djupt (mer än ${n} nivåer).`],
  [/^The tool returned (\S{1,200}); expected str or dict\.$/, (type) => `Verktyget returnerade ${type}; det ska returnera text (str) eller en ordlista (dict).`],
  [/^Tool execution failed \(exit code (-?\d+|None)\)\.$/, (code) => `Verktyget avslutades oväntat (slutkod ${code}).`],
  [/^The tool script is missing\.$/, () => "Verktygets skript saknas."],
  [/^The run's files could not be unpacked\.$/, () => "Körningens filer kunde inte packas upp."],
];

export function translateWrapperMessage(summary: string): string {
  for (const [pattern, translate] of WRAPPER_MESSAGES) {
    const match = pattern.exec(summary);
    if (match) return translate(...match.slice(1));
  }
  return summary;
}

// ------------------------------------------------------------------------------ validation

type Parsed =
  | { ok: true; value: ReturnType<typeof resultJsonSchema.parse>; cleaned: boolean; bigIntegersAsText: number }
  | { ok: false; reason: string };

/**
 * NUL and lone surrogates are valid in JSON text ("\u0000", "\udcff") but not in Postgres
 * text/jsonb, where the run would be stored: replaced by U+FFFD (with a notice).
 */
function cleanText(text: string): string {
  // String.prototype.toWellFormed: Node 20+ (package.json engines), not yet in TS's ES2023 lib.
  return (postgresSafeText(text) as string & { toWellFormed(): string }).toWellFormed();
}

function parseResultJson(text: string): Parsed {
  if (maxNesting(text) > RESULT_JSON_MAX_NESTING) {
    return { ok: false, reason: `result.json är nästlad djupare än ${RESULT_JSON_MAX_NESTING} nivåer.` };
  }
  let json: unknown;
  let cleaned = false;
  let bigIntegersAsText = 0;
  try {
    // Integers beyond 2^53 come back exact: as text in outputs, tagged in state (big-integers.ts).
    ({ value: json, asText: bigIntegersAsText } = parseResultJsonExact(text, function revive(_key, value: unknown) {
      if (typeof value === "string") {
        const clean = cleanText(value);
        if (clean !== value) cleaned = true;
        return clean;
      }
      if (value && typeof value === "object" && !Array.isArray(value)) {
        const keys = Object.keys(value);
        if (keys.every((key) => cleanText(key) === key)) return value;
        cleaned = true;
        return Object.fromEntries(keys.map((key) => [cleanText(key), (value as Record<string, unknown>)[key]]));
      }
      return value;
    }));
  } catch {
    return { ok: false, reason: "result.json är inte giltig JSON." };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, reason: "result.json är inte ett JSON-objekt." };
  }
  const version = (json as Record<string, unknown>).contract_version;
  if (version !== 2) {
    return { ok: false, reason: `result.json har contract_version ${JSON.stringify(version) ?? "saknas"}, väntade 2.` };
  }
  const result = resultJsonSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "result.json";
    return { ok: false, reason: `ogiltigt fält ${where}: ${issue?.message ?? "okänt fel"}.` };
  }
  return { ok: true, value: result.data, cleaned, bigIntegersAsText };
}

/** Deepest [ / { nesting of a JSON text, without recursion (strings skipped). */
export function maxNesting(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return max;
}

/**
 * An image must name an artifact of this very run: `output/<relpath>` (the absolute form
 * `/work/output/<relpath>` that os.path.join(output_dir, …) gives is accepted and rewritten to
 * it) with an image extension. Returns the first problem, or null. Mutates paths to canonical.
 */
function checkImagePaths(outputs: UiOutput[], artifactPaths: Set<string>): string | null {
  for (const output of outputs) {
    if (output.kind !== "image") continue;
    const canonical = canonicalImagePath(output.path);
    if (canonical === null) return `bilden "${shorten(output.path)}" ligger inte i output/.`;
    const ext = fileExtension(canonical);
    if (!(IMAGE_EXTENSIONS as readonly string[]).includes(ext)) {
      return `bilden "${shorten(output.path)}" är inte png, jpeg, gif, webp eller svg.`;
    }
    if (!artifactPaths.has(canonical)) return `bilden "${shorten(output.path)}" finns inte bland körningens filer.`;
    output.path = canonical;
  }
  return null;
}

function canonicalImagePath(path: string): string | null {
  const relative = path.startsWith("/work/output/")
    ? path.slice("/work/output/".length)
    : path.startsWith("output/")
      ? path.slice("output/".length)
      : null;
  if (relative === null) return null;
  const check = checkRelativePath(relative);
  return check.ok ? `output/${check.path}` : null;
}

// ------------------------------------------------------------------------------------ caps

type Cut = (text: string) => void;

function capOutputs(outputs: UiOutput[], cut: Cut): UiOutput[] {
  let list = outputs;
  if (list.length > UI_CAPS.MAX_OUTPUTS) {
    cut(`verktyget gav ${list.length} utdata; bara de första ${UI_CAPS.MAX_OUTPUTS} visas.`);
    list = list.slice(0, UI_CAPS.MAX_OUTPUTS);
  }
  const capped: UiOutput[] = [];
  for (const output of list) {
    const next = capOutput(output, cut);
    if (next) capped.push(next);
  }
  return capped;
}

function capOutput(output: UiOutput, cut: Cut): UiOutput | null {
  switch (output.kind) {
    case "notice": {
      const message = capText(output.message, UI_CAPS.NOTICE_MAX_BYTES);
      if (message !== output.message) cut(`ett meddelande kortades till ${formatBytes(UI_CAPS.NOTICE_MAX_BYTES)}.`);
      return { ...output, message };
    }
    case "markdown": {
      const markdown = capText(output.markdown, UI_CAPS.MARKDOWN_MAX_BYTES);
      if (markdown !== output.markdown) cut(`en text (markdown) kortades till ${formatBytes(UI_CAPS.MARKDOWN_MAX_BYTES)}.`);
      return { ...output, markdown };
    }
    case "html_sandboxed": {
      const html = capText(output.html, UI_CAPS.HTML_MAX_BYTES);
      if (html !== output.html) cut(`HTML-utdata kortades till ${formatBytes(UI_CAPS.HTML_MAX_BYTES)}.`);
      return { ...output, html };
    }
    case "table":
      return capTable(output, cut);
    case "json": {
      const stats = { depth: false, keys: false, items: false };
      const value = capJsonValue(output.value, 0, stats);
      const name = output.title ? `"${shorten(output.title)}"` : "";
      if (stats.depth) cut(`JSON-utdata ${name} var djupare än ${UI_CAPS.JSON_MAX_DEPTH} nivåer; djupare delar visas som "…".`);
      if (stats.keys) cut(`JSON-utdata ${name} hade objekt med fler än ${UI_CAPS.JSON_MAX_KEYS} nycklar; resten visas inte.`);
      if (stats.items) cut(`JSON-utdata ${name} hade listor med fler än ${UI_CAPS.JSON_MAX_ARRAY_ITEMS} element; resten visas inte.`);
      if (utf8ByteLength(JSON.stringify(value)) > UI_CAPS.JSON_MAX_BYTES) {
        cut(`JSON-utdata ${name} var större än ${formatBytes(UI_CAPS.JSON_MAX_BYTES)} och visas inte.`);
        return null;
      }
      return { ...output, value };
    }
    case "vega_lite": {
      if (hasRemoteData(output.spec)) {
        cut("ett diagram (vega_lite) hämtar data från en extern adress och visas inte. Lägg datan direkt i diagrammet.");
        return null;
      }
      if (utf8ByteLength(JSON.stringify(output.spec)) > UI_CAPS.JSON_MAX_BYTES) {
        cut(`ett diagram (vega_lite) var större än ${formatBytes(UI_CAPS.JSON_MAX_BYTES)} och visas inte.`);
        return null;
      }
      // What a spec may carry: lib/vega-spec-policy.ts (the chart is also drawn in a sandbox).
      const { spec, removed } = applyVegaSpecPolicy(output.spec);
      if (removed.length > 0) {
        cut(`ett diagram (vega_lite) innehöll delar som inte är tillåtna och visas utan dem: ${removed.map((part) => VEGA_REMOVAL_LABELS[part]).join(", ")}.`);
      }
      return { ...output, spec };
    }
    case "image": {
      const alt = capText(output.alt, UI_CAPS.NOTICE_MAX_BYTES);
      if (alt !== output.alt) cut(`en bildtext kortades till ${formatBytes(UI_CAPS.NOTICE_MAX_BYTES)}.`);
      return { ...output, alt };
    }
  }
}

function capTable(table: Extract<UiOutput, { kind: "table" }>, cut: Cut): UiOutput {
  const label = table.title ? `tabellen "${shorten(table.title)}"` : "tabellen";
  let columns = table.columns;
  if (columns.length > UI_CAPS.TABLE_MAX_COLUMNS) {
    cut(`${label} hade ${columns.length} kolumner; bara de första ${UI_CAPS.TABLE_MAX_COLUMNS} visas.`);
    columns = columns.slice(0, UI_CAPS.TABLE_MAX_COLUMNS);
  }
  let rows = table.rows;
  if (rows.length > UI_CAPS.TABLE_MAX_ROWS) {
    cut(`${label} kortades till ${UI_CAPS.TABLE_MAX_ROWS} rader (av ${rows.length}).`);
    rows = rows.slice(0, UI_CAPS.TABLE_MAX_ROWS);
  }
  let cellCut = false;
  const keys = columns.map((column) => column.key);
  const cappedRows = rows.map((row) => {
    const next: Record<string, string | number | boolean | null> = {};
    for (const key of keys) {
      if (!Object.hasOwn(row, key)) continue;
      const cell = row[key];
      if (typeof cell === "string") {
        const capped = capText(cell, UI_CAPS.TABLE_CELL_MAX_BYTES);
        if (capped !== cell) cellCut = true;
        next[key] = capped;
      } else {
        next[key] = cell ?? null;
      }
    }
    return next;
  });
  if (cellCut) cut(`celler i ${label} kortades till ${UI_CAPS.TABLE_CELL_MAX_BYTES} byte.`);
  return { ...table, columns, rows: cappedRows };
}

function capJsonValue(
  value: JsonValue,
  depth: number,
  stats: { depth: boolean; keys: boolean; items: boolean },
): JsonValue {
  if (value === null || typeof value !== "object") return value;
  if (depth >= UI_CAPS.JSON_MAX_DEPTH) {
    stats.depth = true;
    return "…";
  }
  if (Array.isArray(value)) {
    if (value.length > UI_CAPS.JSON_MAX_ARRAY_ITEMS) stats.items = true;
    return value.slice(0, UI_CAPS.JSON_MAX_ARRAY_ITEMS).map((item) => capJsonValue(item, depth + 1, stats));
  }
  const entries = Object.entries(value);
  if (entries.length > UI_CAPS.JSON_MAX_KEYS) stats.keys = true;
  const result: Record<string, JsonValue> = {};
  for (const [key, item] of entries.slice(0, UI_CAPS.JSON_MAX_KEYS)) result[key] = capJsonValue(item, depth + 1, stats);
  return result;
}

/**
 * Any "url" key anywhere in a Vega-Lite spec (data.url at any level, lookup data, image marks)
 * would make the browser fetch from wherever the tool says: refused. Inline `values` only.
 */
export function hasRemoteData(value: JsonValue): boolean {
  const stack: JsonValue[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== "object") continue;
    if (Array.isArray(current)) {
      stack.push(...current);
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      if (key === "url") return true;
      // Inline data: its keys are field names (a column may well be called "url").
      if (key === "values" || key === "datasets") continue;
      stack.push(item);
    }
  }
  return false;
}

function capActions(actions: FormAction[], cut: Cut): FormAction[] {
  let list = actions;
  if (list.length > UI_CAPS.MAX_ACTIONS) {
    cut(`verktyget gav ${list.length} åtgärder; bara de första ${UI_CAPS.MAX_ACTIONS} visas.`);
    list = list.slice(0, UI_CAPS.MAX_ACTIONS);
  }
  return list.map((action) => {
    let fields = action.fields;
    if (fields.length > UI_CAPS.MAX_FIELDS_PER_ACTION) {
      cut(`åtgärden "${shorten(action.label)}" hade ${fields.length} fält; bara de första ${UI_CAPS.MAX_FIELDS_PER_ACTION} visas.`);
      fields = fields.slice(0, UI_CAPS.MAX_FIELDS_PER_ACTION);
    }
    fields = fields.map((field) => {
      if (field.kind !== "enum" && field.kind !== "multi_enum") return field;
      const max = field.kind === "enum" ? UI_CAPS.ENUM_MAX_OPTIONS : UI_CAPS.MULTI_ENUM_MAX_OPTIONS;
      if (field.options.length <= max) return field;
      cut(`fältet "${shorten(field.label)}" hade ${field.options.length} val; bara de första ${max} visas.`);
      return { ...field, options: field.options.slice(0, max) };
    });
    return { ...action, fields };
  });
}

function capState(state: JsonObject | null, cut: Cut): JsonObject | null {
  if (state === null) return null;
  if (utf8ByteLength(JSON.stringify(state)) <= UI_CAPS.STATE_MAX_BYTES) return state;
  cut(`verktygets tillstånd (state) var större än ${formatBytes(UI_CAPS.STATE_MAX_BYTES)} och sparades inte.`);
  return null;
}

/**
 * The whole payload (outputs + next_actions + the notices we add) must fit in
 * UI_PAYLOAD_MAX_BYTES: outputs are dropped from the end, then the actions.
 */
function capPayload(
  outputs: UiOutput[],
  nextActions: FormAction[],
  notices: string[],
  cut: Cut,
): { outputs: UiOutput[]; nextActions: FormAction[] } {
  const sizeOf = (items: UiOutput[], actions: FormAction[], extraNotices: number) =>
    utf8ByteLength(JSON.stringify({ outputs: items, next_actions: actions })) +
    utf8ByteLength(JSON.stringify(notices.map(noticeOutput))) +
    extraNotices * 512;
  if (sizeOf(outputs, nextActions, 0) <= UI_CAPS.UI_PAYLOAD_MAX_BYTES) return { outputs, nextActions };
  const kept = [...outputs];
  let dropped = 0;
  while (kept.length > 0 && sizeOf(kept, nextActions, 2) > UI_CAPS.UI_PAYLOAD_MAX_BYTES) {
    kept.pop();
    dropped += 1;
  }
  let actions = nextActions;
  if (sizeOf(kept, actions, 2) > UI_CAPS.UI_PAYLOAD_MAX_BYTES) {
    actions = [];
    cut("verktygets åtgärder (formulär) tog för stor plats och visas inte.");
  }
  if (dropped > 0) {
    cut(`resultatet var större än ${formatBytes(UI_CAPS.UI_PAYLOAD_MAX_BYTES)}; de sista ${dropped} utdata visas inte.`);
  }
  return { outputs: kept, nextActions: actions };
}

// ---------------------------------------------------------------------------------- helpers

export function capErrorSummary(summary: string): string {
  return capText(summary, UI_CAPS.ERROR_SUMMARY_MAX_BYTES);
}

function capText(text: string, maxBytes: number): string {
  return truncateUtf8String(text, maxBytes).text;
}

function noticeOutput(message: string): NoticeOutput {
  return { kind: "notice", level: "warning", message };
}

/** A title, label or path from result.json, fit to quote in a notice. */
function shorten(text: string): string {
  return sanitizeNameForNotice(text, 60);
}

