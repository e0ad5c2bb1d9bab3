import { z } from "zod";

export const catalogInput = z.object({
  query: z.string().trim().max(200).optional(),
  professions: z.array(z.string().max(64)).max(20).default([]),
  categories: z.array(z.string().max(64)).max(20).default([]),
});
export type CatalogInput = z.input<typeof catalogInput>;

export const toolSlugInput = z.object({ slug: z.string().min(1).max(200) });

export const saveSettingsInput = z.object({
  slug: z.string().min(1).max(200),
  values: z.record(z.string(), z.unknown()),
});
