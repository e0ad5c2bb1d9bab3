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
 * C0 and C1 control characters (incl. NUL, newline, DEL), and the Unicode bidi embeddings,
 * overrides and isolates U+202A–U+202E, U+2066–U+2069: they let "gpj.exe" display as
 * "exe.jpg" (the classic RTLO spoof) in a download list or a notice.
 */
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const BIDI_CHARS = /[\u202a-\u202e\u2066-\u2069]/;

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/** Reasons are Swedish: they end up in notices that teachers read. */
export function checkRelativePath(name: string): PathCheck {
  if (name.length === 0) return { ok: false, reason: "tomt namn" };
  // U+FFFD: the tar reader decodes invalid UTF-8 into replacement characters.
  if (name.includes("\uFFFD") || !isWellFormed(name)) return { ok: false, reason: "namnet är inte giltig UTF-8" };
  if (name.includes("\u0000")) return { ok: false, reason: "namnet innehåller ett NUL-tecken" };
  if (BIDI_CHARS.test(name)) return { ok: false, reason: "namnet innehåller tecken som vänder textriktningen" };
  if (FORBIDDEN_CHARS.test(name)) return { ok: false, reason: "namnet innehåller styrtecken" };
  if (name.includes("\\")) return { ok: false, reason: "namnet innehåller bakåtsnedstreck (\\)" };
  if (name.startsWith("/")) return { ok: false, reason: "absolut sökväg" };
  if (Buffer.byteLength(name, "utf8") > MAX_PATH_BYTES) {
    return { ok: false, reason: `sökvägen är längre än ${MAX_PATH_BYTES} byte` };
  }
  const segments = name.split("/");
  for (const segment of segments) {
    if (segment === "") return { ok: false, reason: "tomt led i sökvägen" };
    if (segment === "." || segment === "..") return { ok: false, reason: 'sökvägen innehåller "." eller ".."' };
    if (Buffer.byteLength(segment, "utf8") > MAX_SEGMENT_BYTES) {
      return { ok: false, reason: `ett namn i sökvägen är längre än ${MAX_SEGMENT_BYTES} byte` };
    }
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
  const cleaned = name.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/gu, "?");
  const chars = Array.from(cleaned);
  return chars.length > maxChars ? `${chars.slice(0, maxChars).join("")}…` : cleaned;
}
