/**
 * Upload names as the runner accepts them (RUNNER-CONTRACT.md §7). Pure. The web layer checks
 * the same rules before a run is queued; the runner checks again because it writes these names
 * into the container's file system, and a bad name is refused, never silently rewritten.
 */
import { fileNameProblem, sanitizeNameForNotice } from "@/server/artifacts/safe-path";

export type InputNameCheck = { ok: true } | { ok: false; message: string };

export function checkInputFileName(name: string): InputNameCheck {
  const shown = `"${sanitizeNameForNotice(name)}"`;
  if (name.trim().length === 0) return { ok: false, message: "Ett filnamn är tomt." };
  // The one name rule (safe-path.ts) that output names follow too: characters, ".", "..",
  // names with nothing visible, length.
  const problem = fileNameProblem(name);
  if (problem) return { ok: false, message: `Filnamnet ${shown} godtas inte: ${problem}.` };
  // What the runner contract (§7) adds for uploads: names are given trimmed, and no "..".
  if (name !== name.trim()) return { ok: false, message: `Filnamnet ${shown} börjar eller slutar med mellanslag.` };
  if (name.includes("..")) return { ok: false, message: `Filnamnet ${shown} får inte innehålla "..".` };
  return { ok: true };
}

/** All names valid and no duplicates; the first problem as a Swedish message, or null. */
export function checkInputFileNames(names: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const name of names) {
    const check = checkInputFileName(name);
    if (!check.ok) return check.message;
    if (seen.has(name)) return `Filnamnet "${sanitizeNameForNotice(name)}" förekommer mer än en gång.`;
    seen.add(name);
  }
  return null;
}
