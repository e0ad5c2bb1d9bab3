/**
 * Line diffs for comparing tool versions side by side (Testyta, review, save conflicts).
 * Pure: the rows are computed in the browser from two texts.
 */
import { diffLines } from "diff";

export type DiffCell = { number: number; text: string } | null;
export type DiffRow =
  | { kind: "same" | "changed" | "removed" | "added"; left: DiffCell; right: DiffCell }
  | { kind: "skipped"; count: number; leftStart: number; rightStart: number };

export type SideBySideDiff = { rows: DiffRow[]; added: number; removed: number; identical: boolean };

function splitLines(value: string): string[] {
  const lines = value.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * Rows for a two-column view: removed lines on the left beside the lines that replaced them
 * on the right; unchanged stretches longer than 2 × `context` lines fold into a "skipped" row.
 */
export function sideBySideDiff(before: string, after: string, context = 3): SideBySideDiff {
  const full: Exclude<DiffRow, { kind: "skipped" }>[] = [];
  let leftNumber = 1;
  let rightNumber = 1;
  let added = 0;
  let removed = 0;
  const changes = diffLines(before, after);
  for (let index = 0; index < changes.length; index++) {
    const change = changes[index]!;
    const lines = splitLines(change.value);
    if (!change.added && !change.removed) {
      for (const text of lines) full.push({ kind: "same", left: { number: leftNumber++, text }, right: { number: rightNumber++, text } });
      continue;
    }
    if (change.removed) {
      const next = changes[index + 1];
      const replacement = next?.added ? splitLines(next.value) : [];
      if (next?.added) index++;
      removed += lines.length;
      added += replacement.length;
      for (let i = 0; i < Math.max(lines.length, replacement.length); i++) {
        const left = i < lines.length ? { number: leftNumber++, text: lines[i]! } : null;
        const right = i < replacement.length ? { number: rightNumber++, text: replacement[i]! } : null;
        full.push({ kind: left && right ? "changed" : left ? "removed" : "added", left, right });
      }
      continue;
    }
    added += lines.length;
    for (const text of lines) full.push({ kind: "added", left: null, right: { number: rightNumber++, text } });
  }

  const rows: DiffRow[] = [];
  const near = full.map((row, i) => row.kind !== "same" || full.slice(Math.max(0, i - context), i + context + 1).some((other) => other.kind !== "same"));
  for (let i = 0; i < full.length; ) {
    if (near[i]) {
      rows.push(full[i]!);
      i++;
      continue;
    }
    let end = i;
    while (end < full.length && !near[end]) end++;
    const first = full[i]!;
    rows.push({ kind: "skipped", count: end - i, leftStart: first.left?.number ?? 0, rightStart: first.right?.number ?? 0 });
    i = end;
  }
  return { rows, added, removed, identical: added === 0 && removed === 0 };
}

/** JSON as the Testyta shows it, so schema diffs line up field by field. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value ?? [], null, 2)}\n`;
}
