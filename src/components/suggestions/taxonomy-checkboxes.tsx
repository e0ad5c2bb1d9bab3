"use client";

import { CATEGORIES, PROFESSIONS } from "@/lib/domain";

/**
 * Yrkesgrupper and kategorier as two groups of checkboxes (the seeded taxonomy), each with the
 * server's message for it when given (tied to its group with aria-describedby).
 */
export function TaxonomyCheckboxes({
  idPrefix,
  professions,
  categories,
  onChange,
  errors = {},
}: {
  idPrefix: string;
  professions: string[];
  categories: string[];
  onChange: (next: { professions: string[]; categories: string[] }) => void;
  errors?: { professions?: string; categories?: string };
}) {
  const toggle = (list: string[], slug: string, on: boolean) => (on ? [...list, slug] : list.filter((item) => item !== slug));
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <fieldset aria-describedby={errors.professions ? `${idPrefix}-p-error` : undefined}>
        <legend className="text-sm font-medium text-stone-800">För vilka yrkesgrupper?</legend>
        {PROFESSIONS.map((p) => (
          <label key={p.slug} className="mt-1 flex items-center gap-2 text-sm" htmlFor={`${idPrefix}-p-${p.slug}`}>
            <input
              id={`${idPrefix}-p-${p.slug}`}
              type="checkbox"
              className="size-4"
              checked={professions.includes(p.slug)}
              onChange={(event) => onChange({ professions: toggle(professions, p.slug, event.target.checked), categories })}
            />
            {p.label}
          </label>
        ))}
        {errors.professions && (
          <p id={`${idPrefix}-p-error`} className="mt-1 text-sm text-red-700">
            {errors.professions}
          </p>
        )}
      </fieldset>
      <fieldset aria-describedby={errors.categories ? `${idPrefix}-c-error` : undefined}>
        <legend className="text-sm font-medium text-stone-800">Vilka kategorier?</legend>
        {CATEGORIES.map((c) => (
          <label key={c.slug} className="mt-1 flex items-center gap-2 text-sm" htmlFor={`${idPrefix}-c-${c.slug}`}>
            <input
              id={`${idPrefix}-c-${c.slug}`}
              type="checkbox"
              className="size-4"
              checked={categories.includes(c.slug)}
              onChange={(event) => onChange({ professions, categories: toggle(categories, c.slug, event.target.checked) })}
            />
            {c.label}
          </label>
        ))}
        {errors.categories && (
          <p id={`${idPrefix}-c-error`} className="mt-1 text-sm text-red-700">
            {errors.categories}
          </p>
        )}
      </fieldset>
    </div>
  );
}

export function taxonomyLabels(professions: readonly string[], categories: readonly string[]): string {
  const labels = [
    ...PROFESSIONS.filter((p) => professions.includes(p.slug)).map((p) => p.label),
    ...CATEGORIES.filter((c) => categories.includes(c.slug)).map((c) => c.label),
  ];
  return labels.join(", ");
}
