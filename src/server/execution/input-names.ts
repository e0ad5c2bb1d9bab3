/**
 * Upload names as the runner accepts them (RUNNER-CONTRACT.md §7). Pure. The web layer checks
 * the same rules before a run is queued; the runner checks again because it writes these names
 * into the container's file system, and a bad name is refused, never silently rewritten.
 */
import { isWellFormed, sanitizeNameForNotice } from "@/server/artifacts/safe-path";

export const MAX_INPUT_NAME_BYTES = 255;

export type InputNameCheck = { ok: true } | { ok: false; message: string };

export function checkInputFileName(name: string): InputNameCheck {
  const shown = `"${sanitizeNameForNotice(name)}"`;
  const refuse = (why: string): InputNameCheck => ({ ok: false, message: `Filnamnet ${shown} ${why}.` });
  if (name.trim().length === 0) return { ok: false, message: "Ett filnamn är tomt." };
  if (name !== name.trim()) return refuse("börjar eller slutar med mellanslag");
  if (Buffer.byteLength(name, "utf8") > MAX_INPUT_NAME_BYTES) {
    return refuse(`är längre än ${MAX_INPUT_NAME_BYTES} byte`);
  }
  if (name.includes("\u0000")) return refuse("innehåller ett NUL-tecken");
  if (name.includes("/") || name.includes("\\")) return refuse("får inte innehålla / eller \\");
  if (name.includes("..")) return refuse("får inte innehålla ..");
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return refuse("innehåller styrtecken");
  if (!isWellFormed(name)) return refuse("är inte giltig text (UTF-8)");
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
