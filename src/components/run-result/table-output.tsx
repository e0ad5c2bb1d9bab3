"use client";

import { useId, useMemo, useState } from "react";
import type { TableOutput } from "@/lib/ui-contract";
import { formatCell, isNumericColumn, nextSort, rowCountLabel, sortRows, type SortDirection } from "./table-sort";

const DIRECTION_WORDS: Record<SortDirection, string> = { ascending: "stigande", descending: "fallande" };

function SortIcon({ direction }: { direction: SortDirection | null }) {
  const glyph = direction === "ascending" ? "▲" : direction === "descending" ? "▼" : "↕";
  return (
    <span aria-hidden="true" className={direction ? "text-brand-700" : "text-stone-400"}>
      {glyph}
    </span>
  );
}

/**
 * A tool's table: the title is the caption, every column header is a button that sorts
 * (ascending, then descending; aria-sort on the header says which), and a wide table scrolls
 * sideways inside its own keyboard-focusable region instead of widening the page.
 */
export function TableOutputView({ title, columns, rows }: Pick<TableOutput, "title" | "columns" | "rows">) {
  const [sort, setSort] = useState<{ key: string; direction: SortDirection } | null>(null);
  const captionId = useId();
  const sorted = useMemo(() => (sort ? sortRows(rows, sort.key, sort.direction) : rows), [rows, sort]);
  const numeric = useMemo(() => new Set(columns.filter((column) => isNumericColumn(rows, column.key)).map((column) => column.key)), [columns, rows]);
  const sortedLabel = sort ? columns.find((column) => column.key === sort.key)?.label || sort.key : null;

  return (
    <div className="space-y-2">
      <div
        role="region"
        aria-labelledby={title ? captionId : undefined}
        aria-label={title ? undefined : "Tabell"}
        tabIndex={0}
        // Scrolls sideways only (the page scrolls down); the first column stays put so a row
        // keeps its name while the wide columns pass.
        className="overflow-x-auto rounded-md border border-stone-200 bg-white"
      >
        <table className="min-w-full border-collapse text-sm">
          {title && (
            <caption id={captionId} className="px-3 py-2 text-left text-base font-semibold text-stone-900">
              {title}
            </caption>
          )}
          <thead>
            <tr>
              {columns.map((column) => {
                const direction = sort?.key === column.key ? sort.direction : null;
                return (
                  <th
                    key={column.key}
                    scope="col"
                    aria-sort={direction ?? "none"}
                    className={`border-b border-stone-300 bg-stone-100 p-0 font-semibold text-stone-800 first:sticky first:left-0 first:z-10 ${numeric.has(column.key) ? "text-right" : "text-left"}`}
                  >
                    <button
                      type="button"
                      onClick={() => setSort((current) => nextSort(current, column.key))}
                      className={`inline-flex w-full items-center gap-1.5 px-3 py-2 hover:bg-stone-200/70 ${numeric.has(column.key) ? "justify-end" : ""}`}
                    >
                      <span>{column.label || column.key}</span>
                      <SortIcon direction={direction} />
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.map((row, index) => (
              <tr key={index} className="border-b border-stone-100 odd:bg-white even:bg-stone-50">
                {columns.map((column) => (
                  <td
                    key={column.key}
                    className={`px-3 py-2 align-top ${numeric.has(column.key) ? "text-right tabular-nums" : "text-left"} whitespace-pre-wrap break-words first:sticky first:left-0 first:bg-inherit first:shadow-[1px_0_0_var(--color-stone-200)]`}
                  >
                    {formatCell(row[column.key])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="px-3 py-4 text-sm text-stone-600">Tabellen är tom.</p>}
      </div>
      <p className="text-xs text-stone-600">
        {rowCountLabel(rows.length)}
        {rows.length > 1 && " · Klicka på en kolumnrubrik för att sortera."}
      </p>
      <p className="sr-only" aria-live="polite">
        {sort && sortedLabel ? `Sorterad efter ${sortedLabel}, ${DIRECTION_WORDS[sort.direction]}.` : ""}
      </p>
    </div>
  );
}
