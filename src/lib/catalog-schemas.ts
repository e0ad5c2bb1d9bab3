import { z } from "zod";

export const catalogInput = z.object({
  query: z.string().trim().max(200).optional(),
  professions: z.array(z.string().max(64)).max(20).default([]),
  categories: z.array(z.string().max(64)).max(20).default([]),
  page: z.number().int().min(1).max(1000).default(1),
  /** "Bara favoriter": only the acting user's starred tools (a personal page: never cached). */
  onlyFavorites: z.boolean().default(false),
});

/** Cards per Katalog page: a screenful or two, so the page stays light with 1,000 tools. */
export const CATALOG_PAGE_SIZE = 48;
export type CatalogInput = z.input<typeof catalogInput>;

export const toolSlugInput = z.object({ slug: z.string().min(1).max(200) });

export const saveSettingsInput = z.object({
  slug: z.string().min(1).max(200),
  values: z.record(z.string(), z.unknown()),
});

/** A star on a tool: favourites are private, the server only ever reads the actor's own. */
export const setFavoriteInput = z.object({ toolId: z.uuid(), favorite: z.boolean() });
