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
/** A JSON number token at a given position (sticky). */
const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

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
  let out = "";
  let copiedTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) continue;
    NUMBER_TOKEN.lastIndex = i;
    const match = NUMBER_TOKEN.exec(text);
    if (!match) continue; // a lone "-": invalid JSON, JSON.parse says so
    const token = match[0];
    const isInteger = match[1] === undefined && match[2] === undefined;
    if (isInteger && token.replace("-", "").length >= 16 && !Number.isSafeInteger(Number(token))) {
      out += text.slice(copiedTo, i) + replace(token);
      copiedTo = i + token.length;
    }
    i += token.length - 1;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}
