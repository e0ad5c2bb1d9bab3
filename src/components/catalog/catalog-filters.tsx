"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

type Option = { slug: string; label: string };

/**
 * The Katalog's search and filters: a plain GET form (works without JavaScript, keeps the
 * URL shareable) that also applies itself as soon as a filter changes.
 */
export function CatalogFilters({
  query,
  professions,
  categories,
  selectedProfessions,
  selectedCategories,
  onlyFavorites,
}: {
  query: string;
  professions: Option[];
  categories: Option[];
  selectedProfessions: string[];
  selectedCategories: string[];
  onlyFavorites: boolean;
}) {
  const router = useRouter();
  // The form follows the URL (Back, "Visa alla verktyg"), and shows a click at once while the
  // new page loads: local state, reset whenever the server sends other filters.
  const fromUrl = JSON.stringify([query, selectedProfessions, selectedCategories, onlyFavorites]);
  const [shown, setShown] = useState({ fromUrl, query, chosen: new Set([...selectedProfessions, ...selectedCategories]), favorites: onlyFavorites });
  if (shown.fromUrl !== fromUrl) setShown({ fromUrl, query, chosen: new Set([...selectedProfessions, ...selectedCategories]), favorites: onlyFavorites });

  function apply(state: typeof shown = shown) {
    const params = new URLSearchParams();
    const q = state.query.trim();
    if (q) params.set("q", q);
    for (const option of professions) if (state.chosen.has(option.slug)) params.append("yrke", option.slug);
    for (const option of categories) if (state.chosen.has(option.slug)) params.append("kategori", option.slug);
    if (state.favorites) params.set("favoriter", "1");
    router.replace(`/tools${params.size ? `?${params}` : ""}`, { scroll: false });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    apply();
  }

  const group = (legend: string, name: string, options: Option[]) => (
    <fieldset className="flex flex-wrap items-center gap-2">
      <legend className="mb-1 w-full text-sm font-medium text-stone-800">{legend}</legend>
      {options.map((option) => (
        <label
          key={option.slug}
          className="inline-flex cursor-pointer items-center gap-1.5 rounded-full border border-stone-300 bg-white px-3 py-1 text-sm has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50 has-[:checked]:text-brand-800 has-[:focus-visible]:outline has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-brand-600"
        >
          <input
            type="checkbox"
            name={name}
            value={option.slug}
            checked={shown.chosen.has(option.slug)}
            onChange={(event) => {
              const chosen = new Set(shown.chosen);
              if (event.target.checked) chosen.add(option.slug);
              else chosen.delete(option.slug);
              const next = { ...shown, chosen };
              setShown(next);
              apply(next);
            }}
            className="sr-only"
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );

  return (
    <form onSubmit={submit} action="/tools" method="get" role="search" aria-label="Sök och filtrera verktyg" className="mb-6 space-y-4 rounded-lg border border-stone-200 bg-white p-4">
      <div className="flex gap-2">
        <label htmlFor="catalog-search" className="sr-only">
          Sök verktyg
        </label>
        <input
          id="catalog-search"
          type="search"
          name="q"
          value={shown.query}
          onChange={(event) => setShown({ ...shown, query: event.target.value })}
          // Short enough to show whole in a 390 px wide phone's field (tests/e2e/katalog-sok.spec.ts).
          placeholder="Sök, t.ex. närvaro eller e-post"
          className="block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
        />
        <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800">
          Sök
        </button>
      </div>
      {group("Yrke", "yrke", professions)}
      {group("Kategori", "kategori", categories)}
      <label className="inline-flex cursor-pointer items-center gap-2 text-sm font-medium text-stone-800">
        <input
          type="checkbox"
          name="favoriter"
          value="1"
          checked={shown.favorites}
          onChange={(event) => {
            const next = { ...shown, favorites: event.target.checked };
            setShown(next);
            apply(next);
          }}
          className="h-4 w-4 accent-brand-700"
        />
        Bara favoriter
      </label>
    </form>
  );
}
