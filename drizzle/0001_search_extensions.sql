-- Forgiving Katalog search (list-catalog.ts): accents folded with unaccent, typos tolerated with
-- pg_trgm. Both are trusted contrib extensions: a database owner may create them.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary is looked up through search_path at each call). This
-- wrapper names the dictionary with its schema, so its result depends only on its argument and
-- it may be IMMUTABLE: usable in an index expression, and folded once when given a constant.
CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--> statement-breakpoint
-- The Katalog's title and summary, folded as list-catalog.ts folds them (searchDocument: the
-- expressions must stay identical for the planner to use the index), for LIKE and <% lookups.
CREATE INDEX IF NOT EXISTS tools_search_trgm_idx ON tools
  USING gin (lower(immutable_unaccent(replace(title || ' ' || summary, '-', ''))) gin_trgm_ops);
