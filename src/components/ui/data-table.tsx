import type { ReactNode } from "react";

/** A bordered, horizontally scrollable table with a caption for screen readers; `children` are its rows. */
export function DataTable({ caption, columns, children }: { caption: string; columns: readonly ReactNode[]; children: ReactNode }) {
  return (
    // `relative`: visually hidden labels (position: absolute) inside cells stay in the scroll box
    // instead of widening the page on a phone.
    <div className="relative overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-stone-100 text-stone-700">
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className="px-4 py-2 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
