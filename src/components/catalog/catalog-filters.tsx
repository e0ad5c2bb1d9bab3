"use client";

import { useRouter } from "next/navigation";
import { useRef, type FormEvent } from "react";

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
}: {
  query: string;
  professions: Option[];
  categories: Option[];
  selectedProfessions: string[];
  selectedCategories: string[];
}) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);

  function apply(event?: FormEvent) {
    event?.preventDefault();
    if (!form.current) return;
    const data = new FormData(form.current);
    const params = new URLSearchParams();
    const q = String(data.get("q") ?? "").trim();
    if (q) params.set("q", q);
    for (const value of data.getAll("yrke")) params.append("yrke", String(value));
    for (const value of data.getAll("kategori")) params.append("kategori", String(value));
    router.replace(`/tools${params.size ? `?${params}` : ""}`, { scroll: false });
  }

  const group = (legend: string, name: string, options: Option[], selected: string[]) => (
    <fieldset className="flex flex-wrap items-center gap-2">
      <legend className="mb-1 w-full text-sm font-medium text-stone-800">{legend}</legend>
      {options.map((option) => (
        <label
          key={option.slug}
          className="inline-flex cursor-pointer items-center gap-1.5 rounded-full border border-stone-300 bg-white px-3 py-1 text-sm has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50 has-[:checked]:text-brand-800 has-[:focus-visible]:outline has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-brand-600"
        >
          <input type="checkbox" name={name} value={option.slug} defaultChecked={selected.includes(option.slug)} onChange={() => apply()} className="sr-only" />
          {option.label}
        </label>
      ))}
    </fieldset>
  );

  return (
    <form ref={form} onSubmit={apply} action="/tools" method="get" role="search" aria-label="Sök och filtrera verktyg" className="mb-6 space-y-4 rounded-lg border border-stone-200 bg-white p-4">
      <div className="flex gap-2">
        <label htmlFor="catalog-search" className="sr-only">
          Sök verktyg
        </label>
        <input
          id="catalog-search"
          type="search"
          name="q"
          defaultValue={query}
          placeholder="Sök på namn eller beskrivning, t.ex. grupper eller e-post"
          className="block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
        />
        <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800">
          Sök
        </button>
      </div>
      {group("Yrke", "yrke", professions, selectedProfessions)}
      {group("Kategori", "kategori", categories, selectedCategories)}
    </form>
  );
}
