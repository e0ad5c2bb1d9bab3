-- Forgiving Katalog search (list-catalog.ts): accents folded with unaccent, typos tolerated with
-- pg_trgm. Both are trusted contrib extensions: a database owner may create them.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary is looked up through search_path at each call), so
-- it cannot be in an index. immutable_unaccent names the dictionary with its schema, so its
-- result depends only on its argument: IMMUTABLE. Best is the usual pattern of an immutable C
-- entry into the extension's own function under a plain SQL wrapper that the planner inlines
-- (as cheap as unaccent itself); creating a C function takes a superuser, so without one the
-- wrapper calls unaccent() (same results, two to three times the cost per call). COST 100, as
-- for the SQL wrapper: at the default 1 the planner takes folding every tool's text (and, on the
-- way, pg_trgm's word_similarity, really costly but declared 1 too) for cheaper than the index.
DO $do$
BEGIN
  CREATE OR REPLACE FUNCTION public.immutable_unaccent_dict(regdictionary, text) RETURNS text
    LANGUAGE c IMMUTABLE PARALLEL SAFE STRICT COST 100 AS '$libdir/unaccent', 'unaccent_dict';
  CREATE OR REPLACE FUNCTION public.immutable_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $f$ SELECT public.immutable_unaccent_dict('public.unaccent'::regdictionary, $1) $f$;
EXCEPTION WHEN insufficient_privilege THEN
  CREATE OR REPLACE FUNCTION public.immutable_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $f$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $f$;
END
$do$;
--> statement-breakpoint
-- The Katalog's title and summary, folded as list-catalog.ts folds them (searchDocument: the
-- expressions must stay identical for the planner to use the index), for ~ and <% lookups.
CREATE INDEX IF NOT EXISTS tools_search_trgm_idx ON tools
  USING gin (lower(immutable_unaccent(replace(title || ' ' || summary, '-', ''))) gin_trgm_ops);
