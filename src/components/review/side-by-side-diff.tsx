/**
 * Two texts side by side, changed lines marked by colour AND by a sign (− removed, + added) with
 * a spoken label, so the difference never depends on seeing colour.
 */
import { sideBySideDiff, type DiffCell, type DiffRow } from "@/lib/line-diff";

const LEFT_TONE: Record<string, string> = { changed: "bg-red-50", removed: "bg-red-50", added: "bg-stone-50", same: "" };
const RIGHT_TONE: Record<string, string> = { changed: "bg-emerald-50", added: "bg-emerald-50", removed: "bg-stone-50", same: "" };

function Cell({ cell, side, kind }: { cell: DiffCell; side: "left" | "right"; kind: Exclude<DiffRow, { kind: "skipped" }>["kind"] }) {
  const marked = cell && kind !== "same";
  const sign = marked ? (side === "left" ? "−" : "+") : "";
  return (
    <>
      <td className={`w-10 border-r border-stone-200 px-2 text-right align-top text-stone-700 select-none ${side === "left" ? LEFT_TONE[kind] : RIGHT_TONE[kind]}`}>
        {cell?.number ?? ""}
      </td>
      <td className={`px-2 align-top whitespace-pre-wrap break-all ${side === "left" ? `border-r border-stone-300 ${LEFT_TONE[kind]}` : RIGHT_TONE[kind]}`}>
        {marked && (
          <>
            <span aria-hidden className={side === "left" ? "text-red-800" : "text-emerald-800"}>
              {sign}{" "}
            </span>
            <span className="sr-only">{side === "left" ? "borttagen: " : "tillagd: "}</span>
          </>
        )}
        {cell?.text ?? ""}
      </td>
    </>
  );
}

export function SideBySideDiff({
  before,
  after,
  beforeLabel,
  afterLabel,
  caption,
}: {
  before: string;
  after: string;
  beforeLabel: string;
  afterLabel: string;
  caption: string;
}) {
  const diff = sideBySideDiff(before, after);
  if (diff.identical) return <p className="text-sm text-stone-600">{caption}: inga skillnader.</p>;
  return (
    <div className="relative overflow-x-auto rounded-md border border-stone-200 bg-white" data-testid="side-by-side-diff">
      <table className="w-full table-fixed border-collapse font-mono text-xs leading-relaxed">
        <caption className="px-3 py-2 text-left font-sans text-sm font-medium text-stone-800">
          {caption}{" "}
          <span className="font-normal text-stone-600">
            ({diff.removed} {diff.removed === 1 ? "rad borttagen" : "rader borttagna"}, {diff.added} {diff.added === 1 ? "rad tillagd" : "rader tillagda"})
          </span>
        </caption>
        <colgroup>
          <col className="w-10" />
          <col />
          <col className="w-10" />
          <col />
        </colgroup>
        <thead className="bg-stone-100 font-sans text-stone-700">
          <tr>
            <th scope="col" colSpan={2} className="border-r border-stone-300 px-2 py-1 text-left font-medium">
              {beforeLabel}
            </th>
            <th scope="col" colSpan={2} className="px-2 py-1 text-left font-medium">
              {afterLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {diff.rows.map((row, index) =>
            row.kind === "skipped" ? (
              <tr key={index} className="bg-stone-50 font-sans text-stone-600">
                <td colSpan={4} className="border-y border-stone-200 px-2 py-1 text-center">
                  … {row.count} oförändrade rader …
                </td>
              </tr>
            ) : (
              <tr key={index}>
                <Cell cell={row.left} side="left" kind={row.kind} />
                <Cell cell={row.right} side="right" kind={row.kind} />
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
