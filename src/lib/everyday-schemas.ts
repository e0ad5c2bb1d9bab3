import { z } from "zod";
import { CATEGORIES, PROFESSIONS } from "./domain";

const uuid = z.uuid({ error: "Ogiltigt id." });
const professionSlug = z.enum(PROFESSIONS.map((p) => p.slug) as [string, ...string[]], { error: "Okänd yrkesgrupp." });
const categorySlug = z.enum(CATEGORIES.map((c) => c.slug) as [string, ...string[]], { error: "Okänd kategori." });
const title = z.string().trim().min(1, { error: "Skriv ett namn på verktyget." }).max(120, { error: "Namnet får vara högst 120 tecken." });

/** Sparade filer: KÖR with the files of the user's last run of the tool. */
export const runWithSavedFilesInput = z.object({
  slug: z.string().min(1).max(200),
  values: z.record(z.string(), z.unknown()),
  fromRunId: uuid,
});
export const forgetSavedFilesInput = z.object({ slug: z.string().min(1).max(200) });

/** The hash of the instructions text the page showed (sha256 hex). */
export const markInstructionsSeenInput = z.object({ slug: z.string().min(1).max(200), instructionsHash: z.string().regex(/^[0-9a-f]{64}$/) });

export const suggestToolInput = z.object({
  title,
  description: z
    .string()
    .trim()
    .min(10, { error: "Beskriv med några meningar vad verktyget ska göra (minst 10 tecken)." })
    .max(4000, { error: "Beskrivningen får vara högst 4 000 tecken." }),
  professions: z.array(professionSlug).max(PROFESSIONS.length).default([]),
  categories: z.array(categorySlug).max(CATEGORIES.length).default([]),
});
export type SuggestToolInput = z.input<typeof suggestToolInput>;

const note = z.string().trim().max(2000, { error: "Texten får vara högst 2 000 tecken." });

export const decideSuggestionInput = z.discriminatedUnion("decision", [
  z.object({
    decision: z.literal("accept"),
    suggestionId: uuid,
    title,
    professions: z.array(professionSlug).max(PROFESSIONS.length).default([]),
    categories: z.array(categorySlug).max(CATEGORIES.length).default([]),
    maintainerId: uuid,
    note: note.default(""),
  }),
  z.object({
    decision: z.literal("decline"),
    suggestionId: uuid,
    note: note.min(1, { error: "Skriv varför förslaget avböjs – den som föreslog det får se det." }),
  }),
]);
export type DecideSuggestionInput = z.input<typeof decideSuggestionInput>;

export const SUGGESTION_STATUS_LABELS = { pending: "Väntar på beslut", accepted: "Antaget", declined: "Avböjt" } as const;
export type SuggestionStatus = keyof typeof SUGGESTION_STATUS_LABELS;
