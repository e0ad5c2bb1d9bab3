/**
 * Integers beyond JavaScript's exact range in result.json. PURE.
 *
 * Python's ints are unbounded and json.dumps writes them digit for digit; JSON.parse turns
 * 12345678901234567890 into 12345678901234567000 without a word. Node 20 has neither the
 * reviver's `context.source` nor JSON.rawJSON, so the integer literals are found in the text
 * before parsing and replaced by strings that carry their digits:
 *
 * - in `state` (which only the tool reads, in its next follow-up run) by the tagged object
 *   `{"$skriptoteket_int": "<digits>"}`; it survives jsonb, drizzle and every JSON hop as
 *   plain JSON, and the wrapper turns it back into a Python int before the next run
 *   (runner-image/_runner_impl.py, `_restore_big_integers`), so the tool gets its exact int;
 * - everywhere else (tables, json, charts, forms: what the browser renders) by the digits as
 *   text, with one notice: the teacher sees every digit, nothing is rounded.
 *
 * "Beyond" means outside ±Number.MAX_SAFE_INTEGER (2^53 − 1). Floats are not touched: a
 * Python float is a double like a JS number, and its repr round-trips exactly.
 */
import { randomBytes } from "node:crypto";

export const BIG_INTEGER_TAG = "$skriptoteket_int";

/** MAX_SAFE_INTEGER has 16 digits: text without a run of 16 digits cannot hold an unsafe integer. */
const SIXTEEN_DIGITS = /\d{16}/;

export interface BigIntegerParse {
  value: unknown;
  /** Unsafe integers outside `state`, now text. */
  asText: number;
  /** Unsafe integers inside `state`, now tagged. */
  tagged: number;
}

/**
 * JSON.parse(text, reviver) for a result.json, with unsafe integer literals kept exact as
 * described above. Throws like JSON.parse on invalid JSON (the rewrite never makes invalid
 * JSON valid: only complete, valid integer tokens outside strings are replaced).
 */
export function parseResultJsonExact(
  text: string,
  reviver?: (this: unknown, key: string, value: unknown) => unknown,
): BigIntegerParse {
  if (!SIXTEEN_DIGITS.test(text)) return { value: JSON.parse(text, reviver), asText: 0, tagged: 0 };
  // A marker the tool cannot forge (it never sees it), so no string of the tool's is mistaken
  // for a replaced integer.
  const marker = `~bigint-${randomBytes(12).toString("hex")}:`;
  const rewritten = replaceUnsafeIntegers(text, (digits) => JSON.stringify(marker + digits));
  if (rewritten === text) return { value: JSON.parse(text, reviver), asText: 0, tagged: 0 };
  const value = JSON.parse(rewritten, reviver);
  const counts = { asText: 0, tagged: 0 };
  const settle = (node: unknown, inState: boolean): unknown => {
    if (typeof node === "string") {
      if (!node.startsWith(marker)) return node;
      const digits = node.slice(marker.length);
      if (inState) {
        counts.tagged += 1;
        return { [BIG_INTEGER_TAG]: digits };
      }
      counts.asText += 1;
      return digits;
    }
    if (Array.isArray(node)) return node.map((item) => settle(item, inState));
    if (node && typeof node === "object") {
      const object = node as Record<string, unknown>;
      for (const key of Object.keys(object)) object[key] = settle(object[key], inState);
    }
    return node;
  };
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const root = value as Record<string, unknown>;
    for (const key of Object.keys(root)) root[key] = settle(root[key], key === "state");
  } else {
    settle(value, false);
  }
  return { value, ...counts };
}

/** The JSON text with every integer token outside ±MAX_SAFE_INTEGER replaced by `replace(token)`. */
export function replaceUnsafeIntegers(text: string, replace: (digits: string) => string): string {
  const parts: string[] = [];
  let copiedTo = 0;
  const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = closingQuote(text, i);
      continue;
    }
    if (c !== 0x2d && !isDigit(c)) continue;
    // A number token: optional "-", integer digits, then maybe a fraction or an exponent.
    const digitsFrom = c === 0x2d ? i + 1 : i;
    let end = digitsFrom;
    while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
    const next = text.charCodeAt(end);
    if (next === 0x2e || next === 0x65 || next === 0x45) {
      // A float: not ours. Skip its fraction and exponent ("1.5e-7").
      end += 1;
      while (end < text.length && (isDigit(text.charCodeAt(end)) || "+-.eE".includes(text[end]!))) end += 1;
    } else if (end - digitsFrom >= 16 && text.charCodeAt(digitsFrom) !== 0x30) {
      // 16+ digits without a leading zero (which would be invalid JSON, left for JSON.parse).
      const token = text.slice(i, end);
      if (!Number.isSafeInteger(Number(token))) {
        parts.push(text.slice(copiedTo, i), replace(token));
        copiedTo = end;
      }
    }
    i = Math.max(i, end - 1);
  }
  if (copiedTo === 0) return text;
  parts.push(text.slice(copiedTo));
  return parts.join("");
}

/** The index of the quote that ends the string opening at `open` (text.length if none). */
function closingQuote(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) return at;
  }
}
