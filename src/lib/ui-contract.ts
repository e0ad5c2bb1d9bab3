/**
 * The typed UI contract v2 (RUNNER-CONTRACT.md §6): what a tool's `result.json` may hold and
 * what the app stores and renders after normalization. Pure and isomorphic — the worker
 * validates with these schemas, the UI renders the inferred types.
 *
 * The schemas check STRUCTURE only (kinds, field types, unique column keys). Sizes are not
 * refused here: the result normalizer cuts them down to the caps below and says so in a
 * visible notice, because a tool that prints 751 rows should still show 750.
 */
import { z } from "zod";

export const UI_CONTRACT_VERSION = 2 as const;

const KiB = 1024;

/** RUNNER-CONTRACT.md §6 "Caps". Byte caps count UTF-8 bytes. */
export const UI_CAPS = {
  STATE_MAX_BYTES: 64 * KiB,
  UI_PAYLOAD_MAX_BYTES: 256 * KiB,
  MAX_OUTPUTS: 50,
  MAX_ACTIONS: 10,
  MAX_FIELDS_PER_ACTION: 25,
  NOTICE_MAX_BYTES: 8 * KiB,
  MARKDOWN_MAX_BYTES: 64 * KiB,
  HTML_MAX_BYTES: 96 * KiB,
  TABLE_MAX_ROWS: 750,
  TABLE_MAX_COLUMNS: 40,
  TABLE_CELL_MAX_BYTES: 512,
  JSON_MAX_BYTES: 96 * KiB,
  JSON_MAX_DEPTH: 10,
  JSON_MAX_KEYS: 1000,
  JSON_MAX_ARRAY_ITEMS: 2000,
  ENUM_MAX_OPTIONS: 100,
  MULTI_ENUM_MAX_OPTIONS: 200,
  /** stdout and stderr, each; cut UTF-8 safely and flagged as truncated. */
  LOG_MAX_BYTES: 200_000,
  ERROR_SUMMARY_MAX_BYTES: 20_000,
} as const;

/** The image formats an `image` output may point at (by file extension). */
export const IMAGE_EXTENSIONS = ["png", "jpg", "jpeg", "gif", "webp", "svg"] as const;

export const RESULT_STATUSES = ["succeeded", "failed", "timed_out"] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

export const NOTICE_LEVELS = ["info", "warning", "error"] as const;
export type NoticeLevel = (typeof NOTICE_LEVELS)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const jsonValueSchema: z.ZodType<JsonValue> = z.json();
export const jsonObjectSchema = z.record(z.string(), jsonValueSchema);
export type JsonObject = z.infer<typeof jsonObjectSchema>;

// ---------------------------------------------------------------------------------- outputs

const optionalTitle = z
  .string()
  .nullish()
  .transform((title) => (title && title.trim() ? title.trim() : null));

export const noticeOutputSchema = z.object({
  kind: z.literal("notice"),
  level: z.enum(NOTICE_LEVELS),
  message: z.string().trim().min(1),
});

export const markdownOutputSchema = z.object({
  kind: z.literal("markdown"),
  markdown: z.string(),
});

export const tableCellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type TableCell = z.infer<typeof tableCellSchema>;

export const tableColumnSchema = z.object({
  key: z.string().trim().min(1),
  label: z.string(),
});

export const tableOutputSchema = z
  .object({
    kind: z.literal("table"),
    title: optionalTitle,
    columns: z.array(tableColumnSchema).min(1),
    rows: z.array(z.record(z.string(), tableCellSchema)),
  })
  .superRefine((table, ctx) => {
    const seen = new Set<string>();
    for (const column of table.columns) {
      if (seen.has(column.key)) {
        ctx.addIssue({ code: "custom", path: ["columns"], message: `duplicate column key "${column.key}"` });
        return;
      }
      seen.add(column.key);
    }
  });

export const jsonOutputSchema = z.object({
  kind: z.literal("json"),
  title: optionalTitle,
  value: jsonValueSchema,
});

export const htmlSandboxedOutputSchema = z.object({
  kind: z.literal("html_sandboxed"),
  html: z.string(),
});

export const imageOutputSchema = z.object({
  kind: z.literal("image"),
  /** `output/<relpath>` of an artifact of the same run. */
  path: z.string().min(1),
  alt: z.string().default(""),
});

export const vegaLiteOutputSchema = z.object({
  kind: z.literal("vega_lite"),
  spec: jsonObjectSchema,
});

export const uiOutputSchema = z.discriminatedUnion("kind", [
  noticeOutputSchema,
  markdownOutputSchema,
  tableOutputSchema,
  jsonOutputSchema,
  htmlSandboxedOutputSchema,
  imageOutputSchema,
  vegaLiteOutputSchema,
]);

export type NoticeOutput = z.infer<typeof noticeOutputSchema>;
export type MarkdownOutput = z.infer<typeof markdownOutputSchema>;
export type TableOutput = z.infer<typeof tableOutputSchema>;
export type JsonOutput = z.infer<typeof jsonOutputSchema>;
export type HtmlSandboxedOutput = z.infer<typeof htmlSandboxedOutputSchema>;
export type ImageOutput = z.infer<typeof imageOutputSchema>;
export type VegaLiteOutput = z.infer<typeof vegaLiteOutputSchema>;
export type UiOutput = z.infer<typeof uiOutputSchema>;
export type UiOutputKind = UiOutput["kind"];
export const UI_OUTPUT_KINDS = [
  "notice",
  "markdown",
  "table",
  "json",
  "html_sandboxed",
  "image",
  "vega_lite",
] as const satisfies readonly UiOutputKind[];

// ----------------------------------------------------------------------------- next_actions

export const ACTION_FIELD_KINDS = ["string", "text", "integer", "number", "boolean", "enum", "multi_enum"] as const;
export type ActionFieldKind = (typeof ACTION_FIELD_KINDS)[number];

export const enumOptionSchema = z.object({
  value: z.string().trim().min(1),
  label: z.string().trim().min(1),
});
export type EnumOption = z.infer<typeof enumOptionSchema>;

const fieldBase = {
  name: z.string().trim().min(1),
  label: z.string().trim().min(1),
};

export const actionFieldSchema = z.discriminatedUnion("kind", [
  z.object({ ...fieldBase, kind: z.literal("string") }),
  z.object({ ...fieldBase, kind: z.literal("text") }),
  z.object({ ...fieldBase, kind: z.literal("integer") }),
  z.object({ ...fieldBase, kind: z.literal("number") }),
  z.object({ ...fieldBase, kind: z.literal("boolean") }),
  z.object({ ...fieldBase, kind: z.literal("enum"), options: z.array(enumOptionSchema).min(1) }),
  z.object({ ...fieldBase, kind: z.literal("multi_enum"), options: z.array(enumOptionSchema).min(1) }),
]);
export type ActionField = z.infer<typeof actionFieldSchema>;

export const formActionSchema = z.object({
  action_id: z.string().trim().min(1),
  label: z.string().trim().min(1),
  kind: z.literal("form").default("form"),
  fields: z.array(actionFieldSchema).default([]),
  prefill: z.record(z.string(), jsonValueSchema).default({}),
});
export type FormAction = z.infer<typeof formActionSchema>;

// ------------------------------------------------------------------------------ result.json

export const resultArtifactSchema = z.object({
  path: z.string(),
  bytes: z.number().int().nonnegative().optional(),
});

/**
 * `result.json` as written by the wrapper. `artifacts` is accepted for compatibility but never
 * trusted: the artifact list is what the host extracted from the output folder.
 */
export const resultJsonSchema = z.object({
  contract_version: z.literal(UI_CONTRACT_VERSION),
  status: z.enum(RESULT_STATUSES),
  error_summary: z.string().nullish().transform((value) => value ?? null),
  outputs: z.array(uiOutputSchema).default([]),
  next_actions: z.array(formActionSchema).default([]),
  state: jsonObjectSchema.nullish().transform((value) => value ?? null),
  artifacts: z.array(resultArtifactSchema).default([]),
});
export type ResultJson = z.infer<typeof resultJsonSchema>;

/** What the app stores for a finished run and renders (after normalization). */
export interface UiPayload {
  contract_version: typeof UI_CONTRACT_VERSION;
  outputs: UiOutput[];
  next_actions: FormAction[];
}
