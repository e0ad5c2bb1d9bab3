/**
 * Rules for relative paths that come from untrusted places: a tool's output folder (tar entry
 * names) and artifact store keys. Pure.
 *
 * A path is accepted only as-is — it is never rewritten into something "close enough" — so
 * what the user downloads has exactly the name the tool gave it, or is refused with a notice.
 */

export const MAX_PATH_BYTES = 1024;
export const MAX_SEGMENT_BYTES = 255;

/**
 * C0 and C1 control characters (incl. NUL, newline, DEL), and the Unicode bidi controls —
 * embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069, and the marks U+200E,
 * U+200F, U+061C: they let "gpj.exe" display as "exe.jpg" (the classic RTLO spoof) in a
 * download list, an upload list or a notice.
 */
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const BIDI_CHARS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
/** What a name may not consist of only: white space, invisible format characters and dots. */
const NOTHING_VISIBLE = /^[\s\p{Cf}.]*$/u;

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/**
 * THE rule for one file name, wherever it comes from: an uploaded input's name and each
 * segment of a tool's output path (and of a store key). Returns a Swedish reason, or null.
 */
export function fileNameProblem(name: string): string | null {
  if (name.length === 0) return "tomt namn";
  // U+FFFD: the tar reader decodes invalid UTF-8 into replacement characters.
  if (name.includes("\uFFFD") || !isWellFormed(name)) return "namnet är inte giltig UTF-8";
  if (name.includes("\u0000")) return "namnet innehåller ett NUL-tecken";
  if (BIDI_CHARS.test(name)) return "namnet innehåller tecken som vänder textriktningen";
  if (CONTROL_CHARS.test(name)) return "namnet innehåller styrtecken";
  if (name.includes("\\")) return "namnet innehåller bakåtsnedstreck (\\)";
  if (name.includes("/")) return "namnet innehåller snedstreck (/)";
  if (name === "." || name === "..") return 'namnet är "." eller ".."';
  if (NOTHING_VISIBLE.test(name)) return "namnet har inga synliga tecken (bara mellanslag eller punkter)";
  if (Buffer.byteLength(name, "utf8") > MAX_SEGMENT_BYTES) return `namnet är längre än ${MAX_SEGMENT_BYTES} byte`;
  return null;
}

/** Reasons are Swedish: they end up in notices that teachers read. */
export function checkRelativePath(name: string): PathCheck {
  if (name.length === 0) return { ok: false, reason: "tomt namn" };
  if (name.startsWith("/")) return { ok: false, reason: "absolut sökväg" };
  if (Buffer.byteLength(name, "utf8") > MAX_PATH_BYTES) {
    return { ok: false, reason: `sökvägen är längre än ${MAX_PATH_BYTES} byte` };
  }
  // Characters first, over the whole path, so "a\\..\\b" is reported as a backslash.
  if (name.includes("\\")) return { ok: false, reason: "namnet innehåller bakåtsnedstreck (\\)" };
  for (const segment of name.split("/")) {
    if (segment === "") return { ok: false, reason: "tomt led i sökvägen" };
    if (segment === "." || segment === "..") return { ok: false, reason: 'sökvägen innehåller "." eller ".."' };
    const problem = fileNameProblem(segment);
    if (problem) return { ok: false, reason: problem };
  }
  return { ok: true, path: name };
}

/** No lone surrogates (they cannot be encoded as UTF-8). */
export function isWellFormed(text: string): boolean {
  // String.prototype.isWellFormed: Node 20+ (package.json engines), not yet in TS's ES2023 lib.
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * A hostile name made fit to quote in a notice: control and bidi characters shown as "?",
 * at most `maxChars` characters.
 */
export function sanitizeNameForNotice(name: string, maxChars = 80): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]/gu, "?");
  const chars = Array.from(cleaned);
  return chars.length > maxChars ? `${chars.slice(0, maxChars).join("")}…` : cleaned;
}
