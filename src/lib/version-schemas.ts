/**
 * Tools and their versions as contributors and admins edit them (Mina verktyg, Testyta,
 * review). Pure and isomorphic: the Testyta validates with these as the author types, and the
 * services validate the same way before anything is stored or run.
 */
import { z } from "zod";
import { CATEGORIES, PROFESSIONS, TOOL_SLUG_PATTERN, type VersionState } from "./domain";
import { inputSchemaSchema, settingsSchemaSchema, type InputSchema, type SettingsSchema } from "./tool-schemas";

export const VERSION_STATE_LABELS: Record<VersionState, string> = {
  draft: "Utkast",
  in_review: "Väntar på granskning",
  active: "Aktiv",
  archived: "Arkiverad",
};

/** Limits of one version's content: generous for a school tool, small enough for a form post. */
export const SOURCE_MAX_CHARS = 200_000;
export const INSTRUCTIONS_MAX_CHARS = 50_000;
export const ENTRYPOINT_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * A tool whose title gave no usable slug gets `utkast-<hex>`: a placeholder an admin must
 * replace before the tool can be published in the Katalog.
 */
export const PLACEHOLDER_SLUG_PATTERN = /^utkast-[0-9a-f]{6,}$/;
export function isPlaceholderSlug(slug: string): boolean {
  return PLACEHOLDER_SLUG_PATTERN.test(slug);
}

/** "Gruppindelning för åk 7!" → "gruppindelning-for-ak-7" (empty when nothing usable is left). */
export function slugFromTitle(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[æ]/g, "ae")
    .replace(/[ø]/g, "o")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

const uuid = z.uuid({ error: "Ogiltigt id." });
export const toolIdInput = z.object({ toolId: uuid });
export const versionIdInput = z.object({ versionId: uuid });

const title = z.string().trim().min(1, { error: "Skriv en titel." }).max(120, { error: "Titeln får vara högst 120 tecken." });
const summary = z.string().trim().max(500, { error: "Sammanfattningen får vara högst 500 tecken." });

export const createToolInput = z.object({ title, summary: summary.default("") });
export type CreateToolInput = z.input<typeof createToolInput>;

/** What the editor holds; the schemas arrive as parsed JSON and are validated with the field path. */
export const versionContentInput = z.object({
  sourceCode: z.string().max(SOURCE_MAX_CHARS, { error: `Skriptet får vara högst ${SOURCE_MAX_CHARS.toLocaleString("sv-SE")} tecken.` }),
  entrypoint: z
    .string()
    .trim()
    .regex(ENTRYPOINT_PATTERN, { error: "Startfunktionen ska vara ett Python-namn (a–z, A–Z, 0–9 och _, högst 128 tecken), t.ex. run_tool." }),
  inputSchema: z.unknown(),
  settingsSchema: z.unknown(),
  usageInstructions: z.string().max(INSTRUCTIONS_MAX_CHARS, { error: `Instruktionerna får vara högst ${INSTRUCTIONS_MAX_CHARS.toLocaleString("sv-SE")} tecken.` }),
});
export type VersionContentInput = z.input<typeof versionContentInput>;
export type VersionContent = {
  sourceCode: string;
  entrypoint: string;
  inputSchema: InputSchema;
  settingsSchema: SettingsSchema;
  usageInstructions: string;
};

export const saveDraftInput = versionContentInput.extend({
  toolId: uuid,
  /** The version the editor started from; a newer head means someone saved in between (409). */
  parentVersionId: uuid,
});
export type SaveDraftInput = z.input<typeof saveDraftInput>;

export const submitVersionInput = z.object({
  versionId: uuid,
  changeSummary: z.string().trim().min(1, { error: "Beskriv kort vad som är ändrat." }).max(2000, { error: "Högst 2000 tecken." }),
});
export const requestChangesInput = z.object({
  versionId: uuid,
  note: z.string().trim().min(1, { error: "Skriv vad som behöver ändras." }).max(4000, { error: "Högst 4000 tecken." }),
});

const professionSlugs = PROFESSIONS.map((p) => p.slug) as [string, ...string[]];
const categorySlugs = CATEGORIES.map((c) => c.slug) as [string, ...string[]];

const toolSlug = z
  .string()
  .trim()
  .min(1, { error: "Skriv en adress (slug)." })
  .max(80, { error: "Adressen får vara högst 80 tecken." })
  .regex(TOOL_SLUG_PATTERN, { error: "Adressen får bara innehålla a–z, 0–9 och bindestreck mellan orden, t.ex. gruppindelning-ak-7." });
const toolProfessionSlugs = z.array(z.enum(professionSlugs, { error: "Okänd yrkesroll." })).max(professionSlugs.length);
const toolCategorySlugs = z.array(z.enum(categorySlugs, { error: "Okänd kategori." })).max(categorySlugs.length);

export const updateToolMetadataInput = z.object({
  toolId: uuid,
  slug: toolSlug,
  title,
  summary,
  professions: toolProfessionSlugs,
  categories: toolCategorySlugs,
});
export type UpdateToolMetadataInput = z.input<typeof updateToolMetadataInput>;

/** One thing a tool lacks before the Katalog may show it, keyed by the form field that fixes it. */
export type CatalogEntryProblem = { field: "version" | "slug" | "professions" | "categories"; missing: string; message: string };

/**
 * What the Katalog asks of a tool before teachers see it (DOMAIN.md): an active version, a real
 * slug, at least one profession and one category. The one rule behind the Testyta's "Publicera i
 * katalogen" and the review page's publish-and-show step.
 */
export function catalogEntryProblems(entry: { hasActiveVersion: boolean; slug: string; professionCount: number; categoryCount: number }): CatalogEntryProblem[] {
  const problems: CatalogEntryProblem[] = [];
  if (!entry.hasActiveVersion) problems.push({ field: "version", missing: "en publicerad (aktiv) version", message: "Verktyget har ingen publicerad version än." });
  if (isPlaceholderSlug(entry.slug)) {
    problems.push({ field: "slug", missing: "en riktig adress (slug) i stället för platshållaren", message: "Ge verktyget en riktig adress i stället för platshållaren." });
  }
  if (entry.professionCount === 0) problems.push({ field: "professions", missing: "minst en yrkesroll", message: "Välj minst en yrkesroll." });
  if (entry.categoryCount === 0) problems.push({ field: "categories", missing: "minst en kategori", message: "Välj minst en kategori." });
  return problems;
}

/**
 * Publicera on the review page of a tool not yet in the Katalog: the version, and the entry the
 * Katalog needs (slug and taxonomy), in one step. The Katalog's rule is checked here too, so
 * every field's problem is named at once, before anything is written.
 */
export const publishVersionToCatalogInput = z
  .object({ versionId: uuid, slug: toolSlug, professions: toolProfessionSlugs, categories: toolCategorySlugs })
  .superRefine((entry, ctx) => {
    const problems = catalogEntryProblems({ hasActiveVersion: true, slug: entry.slug, professionCount: entry.professions.length, categoryCount: entry.categories.length });
    for (const problem of problems) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });
export type PublishVersionToCatalogInput = z.input<typeof publishVersionToCatalogInput>;

export const setToolPublishedInput = z.object({ toolId: uuid, published: z.boolean() });

export const addMaintainerInput = z.object({
  toolId: uuid,
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "Skriv en giltig e-postadress." })),
});
export const removeMaintainerInput = z.object({ toolId: uuid, userId: uuid });

/** The JSON a field of the Testyta holds, parsed, or a Swedish message naming where it broke. */
export function parseJsonField(label: string, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: [] };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : "";
    const position = /position (\d+)/.exec(detail);
    if (position) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset);
      const line = before.split("\n").length;
      const column = offset - before.lastIndexOf("\n");
      return { ok: false, message: `${label}: ogiltig JSON på rad ${line}, kolumn ${column}.` };
    }
    return { ok: false, message: `${label}: ogiltig JSON (${detail || "kunde inte läsas"}).` };
  }
}

/** `[0, "accept", 1]` → `input_schema[0].accept[1]` */
function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) out += typeof key === "number" ? `[${key}]` : `.${String(key)}`;
  return out;
}

const INPUT_KINDS = ["string", "text", "integer", "number", "boolean", "enum", "file"];
const SETTINGS_KINDS = ["string", "text", "integer", "number", "boolean", "enum", "multi_enum"];

function schemaIssues(root: string, result: z.ZodSafeParseResult<unknown>): string | null {
  if (result.success) return null;
  const lines = result.error.issues.slice(0, 5).map((issue) => `${formatPath(root, issue.path)}: ${issue.message}`);
  if (result.error.issues.length > 5) lines.push(`… och ${result.error.issues.length - 5} fel till.`);
  return lines.join("\n");
}

function schemaErrorMap(kinds: string[]): z.core.$ZodErrorMap {
  const swedish = z.locales.sv().localeError;
  return (issue) => {
    if (issue.code === "invalid_union" && "discriminator" in issue && issue.discriminator === "kind") {
      return `okänd eller saknad kind. Välj en av: ${kinds.join(", ")}.`;
    }
    if (issue.code === "invalid_type" && issue.expected === "array" && (issue.path ?? []).length === 0) return "ska vara en lista: [ … ].";
    return swedish(issue);
  };
}

/** What the server accepts in one upload: a file field may not promise more files than this. */
export type SchemaUploadLimits = { maxFiles: number };

/**
 * An input_schema checked against the upload limits too (a file field's max above
 * UPLOAD_MAX_FILES would promise the teacher files the upload then refuses). The Testyta's
 * builder and the services both validate through here, so the rule and its message are one.
 */
export function parseInputSchema(value: unknown, limits?: SchemaUploadLimits): z.ZodSafeParseResult<InputSchema> {
  const schema = limits
    ? inputSchemaSchema.superRefine((fields, ctx) => {
        for (const [index, field] of fields.entries()) {
          if (field.kind === "file" && field.max > limits.maxFiles) {
            ctx.addIssue({
              code: "custom",
              path: [index, "max"],
              message: `Högst ${limits.maxFiles} ${limits.maxFiles === 1 ? "fil" : "filer"} per körning: det är uppladdningsgränsen.`,
            });
          }
        }
      })
    : inputSchemaSchema;
  return schema.safeParse(value, { error: schemaErrorMap(INPUT_KINDS) });
}

export function parseSettingsSchema(value: unknown): z.ZodSafeParseResult<SettingsSchema> {
  return settingsSchemaSchema.safeParse(value, { error: schemaErrorMap(SETTINGS_KINDS) });
}

/**
 * Validates the editor's content as a version would be stored. Errors are keyed by field
 * (sourceCode, entrypoint, inputSchema, settingsSchema, usageInstructions) and point at the
 * place inside a schema: "input_schema[0].accept[0]: Filtyper skrivs som .csv, .xlsx …".
 * With `limits`, a file field must fit the upload limits (the services always pass them).
 */
export function validateVersionContent(
  raw: VersionContentInput,
  limits?: SchemaUploadLimits,
): { ok: true; content: VersionContent } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const base = versionContentInput.safeParse(raw);
  if (!base.success) for (const issue of base.error.issues) errors[String(issue.path[0] ?? "_")] ??= issue.message;
  const inputSchema = parseInputSchema(raw.inputSchema ?? [], limits);
  const settingsSchema = parseSettingsSchema(raw.settingsSchema ?? []);
  const inputProblem = schemaIssues("input_schema", inputSchema);
  const settingsProblem = schemaIssues("settings_schema", settingsSchema);
  if (inputProblem) errors.inputSchema = inputProblem;
  if (settingsProblem) errors.settingsSchema = settingsProblem;
  if (Object.keys(errors).length > 0 || !base.success || !inputSchema.success || !settingsSchema.success) return { ok: false, errors };
  return {
    ok: true,
    content: {
      sourceCode: base.data.sourceCode,
      entrypoint: base.data.entrypoint,
      inputSchema: inputSchema.data,
      settingsSchema: settingsSchema.data,
      usageInstructions: base.data.usageInstructions,
    },
  };
}

/** JSON with object keys sorted, so two equal schemas compare equal whatever their key order. */
/** JSON with every object's keys sorted: jsonb does not keep key order, so compare and hash this. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );
}

/** Two versions hold the same content (what Spara compares before writing a new row). */
export function sameVersionContent(a: VersionContent, b: VersionContent): boolean {
  return (
    a.sourceCode === b.sourceCode &&
    a.entrypoint === b.entrypoint &&
    a.usageInstructions === b.usageInstructions &&
    stableJson(a.inputSchema) === stableJson(b.inputSchema) &&
    stableJson(a.settingsSchema) === stableJson(b.settingsSchema)
  );
}

/** The starter a new tool gets: it runs as is, and shows how to read uploaded files. */
export const STARTER_SOURCE = `"""Ett nytt verktyg i Skriptoteket.

Skriptoteket anropar run_tool(input_dir, output_dir):
- input_dir: mappen med filerna som användaren laddade upp
- output_dir: allt du sparar här blir filer som användaren kan ladda ner
Returnera en dict med "outputs" (notice, markdown, table, json, ...) eller en HTML-sträng.
"""
import os

from skriptoteket_toolkit import list_input_files


def run_tool(input_dir, output_dir):
    files = list_input_files()  # [{"name": "...", "path": "...", "bytes": 123}, ...]
    if not files:
        return {
            "outputs": [
                {"kind": "notice", "level": "info", "message": "Verktyget fungerar! Ladda upp en fil och testkör igen."},
                {
                    "kind": "markdown",
                    "markdown": "## Hej från ditt nya verktyg\\n\\nÄndra skriptet i editorn, tryck **TESTKÖR** och se resultatet här.",
                },
            ]
        }

    rows = []
    for file in files:
        with open(file["path"], encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
        rows.append({"fil": file["name"], "rader": len(lines), "byte": file["bytes"]})

    with open(os.path.join(output_dir, "sammanfattning.txt"), "w", encoding="utf-8") as out:
        for row in rows:
            out.write(f"{row['fil']}: {row['rader']} rader\\n")

    return {
        "outputs": [
            {"kind": "notice", "level": "info", "message": f"Läste {len(files)} fil(er)."},
            {"kind": "markdown", "markdown": "Här är filerna du laddade upp:"},
            {
                "kind": "table",
                "title": "Uppladdade filer",
                "columns": [
                    {"key": "fil", "label": "Fil"},
                    {"key": "rader", "label": "Rader"},
                    {"key": "byte", "label": "Storlek (byte)"},
                ],
                "rows": rows,
            },
        ]
    }
`;

export const STARTER_INPUT_SCHEMA: InputSchema = [
  { kind: "file", name: "filer", label: "Filer", help: "Välj en eller flera filer som verktyget ska läsa.", required: false, accept: [], min: 0, max: 5 },
];

export const STARTER_INSTRUCTIONS = `Beskriv här hur verktyget används, till exempel:

1. Välj filen som ska bearbetas.
2. Tryck **KÖR**.
3. Ladda ner resultatet.
`;

/** The template's example text starts with this line; a version still holding it is not ready for review. */
const PLACEHOLDER_INSTRUCTIONS_LINE = STARTER_INSTRUCTIONS.split("\n")[0]!.replace(/, till exempel:$/, "");

/** The instructions are still (or still contain) the new tool template's placeholder text. */
export function hasPlaceholderInstructions(instructions: string): boolean {
  return instructions.includes(PLACEHOLDER_INSTRUCTIONS_LINE);
}

export const PLACEHOLDER_INSTRUCTIONS_MESSAGE =
  "Instruktionerna är fortfarande mallens exempeltext (”Beskriv här hur verktyget används …”). " +
  "Skriv under fliken Instruktioner vad verktyget gör och hur en lärare använder det, spara och skicka sedan för granskning.";

/**
 * TESTKÖR: a saved version of the tool, or the editor's unsaved content (validated like a
 * save; the instructions only count towards the content hash that the review page matches
 * evidence by), with form values and settings for this run — the settings are also kept as the
 * contributor's TESTKÖR settings for the tool.
 */
export const sandboxRunInput = z.object({
  toolId: uuid,
  script: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("version"), versionId: uuid }),
    z.object({
      kind: z.literal("editor"),
      sourceCode: z.string(),
      entrypoint: z.string(),
      inputSchema: z.unknown(),
      settingsSchema: z.unknown(),
      usageInstructions: z.string().default(""),
    }),
  ]),
  values: z.record(z.string(), z.unknown()).default({}),
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type SandboxRunInput = z.input<typeof sandboxRunInput>;

/**
 * A follow-up step of an interactive tool under TESTKÖR: a form offered by the contributor's
 * latest TESTKÖR result (`runId`), against the sandbox state revision the page showed.
 */
export const sandboxActionInput = z.object({
  toolId: uuid,
  runId: uuid,
  actionId: z.string().min(1).max(200),
  values: z.record(z.string(), z.unknown()),
  stateRevision: z.number().int().min(0),
});
export type SandboxActionInput = z.input<typeof sandboxActionInput>;
