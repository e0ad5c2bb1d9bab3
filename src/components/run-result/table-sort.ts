/**
 * Pure helpers of the sortable table: how cells compare, sort and read. Teachers' tables mix
 * names (Swedish order: … x y z å ä ö), numbers written with a decimal comma ("3,5"), and
 * blanks; blanks always sink to the bottom, whichever way the column is sorted.
 */
import type { TableCell } from "@/lib/ui-contract";

export type SortDirection = "ascending" | "descending";
export type TableRow = Record<string, TableCell>;

const collator = new Intl.Collator("sv", { numeric: true, sensitivity: "variant" });
const numberFormat = new Intl.NumberFormat("sv-SE", { useGrouping: false, maximumFractionDigits: 20 });
const countFormat = new Intl.NumberFormat("sv-SE");

const NUMERIC_TEXT = /^[+-]?(\d+|\d{1,3}( \d{3})+)([.,]\d+)?$/;

/** A number for cells that are numbers or plainly read as one ("12", "3,5", "−2", "1 250"); else null. */
export function numericValue(cell: TableCell | undefined): number | null {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== "string") return null;
  const text = cell.trim().replace(/[\u00a0\u202f]/g, " ").replace(/^\u2212/, "-");
  if (!NUMERIC_TEXT.test(text)) return null;
  return Number(text.replace(/ /g, "").replace(",", "."));
}

export function isBlankCell(cell: TableCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

// Numbers first, then text, then yes/no — only matters for columns that mix kinds.
function rank(cell: TableCell): number {
  if (numericValue(cell) !== null) return 0;
  if (typeof cell === "string") return 1;
  return 2;
}

/** Ascending order of two non-blank cells. */
export function compareCells(a: TableCell, b: TableCell): number {
  const rankA = rank(a);
  const rankB = rank(b);
  if (rankA !== rankB) return rankA - rankB;
  if (rankA === 0) return numericValue(a)! - numericValue(b)!;
  if (rankA === 1) return collator.compare(a as string, b as string);
  return Number(a) - Number(b);
}

/** A new array, stable (equal cells keep the tool's order); blanks last in both directions. */
export function sortRows<Row extends TableRow>(rows: readonly Row[], key: string, direction: SortDirection): Row[] {
  const sign = direction === "ascending" ? 1 : -1;
  return [...rows].sort((rowA, rowB) => {
    const a = rowA[key];
    const b = rowB[key];
    const blankA = isBlankCell(a);
    const blankB = isBlankCell(b);
    if (blankA || blankB) return blankA === blankB ? 0 : blankA ? 1 : -1;
    return sign * compareCells(a!, b!);
  });
}

/** The next state when a column header is activated: a new column starts ascending. */
export function nextSort(current: { key: string; direction: SortDirection } | null, key: string): { key: string; direction: SortDirection } {
  if (current?.key !== key) return { key, direction: "ascending" };
  return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
}

/** What a cell shows: null as empty, yes/no in Swedish, numbers with a decimal comma and no grouping (years stay 2024). */
export function formatCell(cell: TableCell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "boolean") return cell ? "Ja" : "Nej";
  if (typeof cell === "number") return numberFormat.format(cell).replace("\u2212", "-");
  return cell;
}

/** A column is right-aligned when every non-blank cell in it is a number. */
export function isNumericColumn(rows: readonly TableRow[], key: string): boolean {
  let seen = false;
  for (const row of rows) {
    const cell = row[key];
    if (isBlankCell(cell)) continue;
    if (typeof cell !== "number") return false;
    seen = true;
  }
  return seen;
}

export function rowCountLabel(count: number): string {
  return count === 1 ? "1 rad" : `${countFormat.format(count)} rader`;
}
