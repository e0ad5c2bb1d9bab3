/**
 * UTF-8-safe byte caps. Pure. A cut never splits a multi-byte character, and text that was
 * not valid UTF-8 is decoded with U+FFFD replacements and then re-capped (a replacement
 * character takes 3 bytes, so decoding can grow the text).
 */
import { postgresSafeText } from "./postgres-safe";

export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The largest index <= maxBytes that does not fall inside a UTF-8 sequence of `bytes`. */
export function utf8SafeCutIndex(bytes: Uint8Array, maxBytes: number): number {
  if (bytes.length <= maxBytes) return bytes.length;
  let cut = Math.max(0, maxBytes);
  // Step back over continuation bytes (10xxxxxx) to the lead byte of the cut character.
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return cut;
}

export interface Truncated {
  text: string;
  truncated: boolean;
}

/** Decode `bytes` as UTF-8 and cap the result at maxBytes. */
export function truncateUtf8Bytes(bytes: Uint8Array, maxBytes: number): Truncated {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cut = utf8SafeCutIndex(buffer, maxBytes);
  const text = buffer.subarray(0, cut).toString("utf8");
  const truncated = cut < buffer.length;
  if (utf8ByteLength(text) <= maxBytes) return { text, truncated };
  // Invalid input grew when decoded (U+FFFD); the text is valid UTF-8 now, so cut again.
  return { text: truncateUtf8String(text, maxBytes).text, truncated: true };
}

/** Cap a string at maxBytes of UTF-8, never splitting a character. */
export function truncateUtf8String(text: string, maxBytes: number): Truncated {
  if (text.length <= maxBytes / 3 || utf8ByteLength(text) <= maxBytes) return { text, truncated: false };
  const bytes = Buffer.from(text, "utf8");
  const cut = utf8SafeCutIndex(bytes, maxBytes);
  return { text: bytes.subarray(0, cut).toString("utf8"), truncated: true };
}

/** Strict decode: null when `bytes` is not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Collects at most `maxBytes` of a byte stream and remembers whether more arrived. Holds no
 * more than maxBytes + 3 bytes however much is pushed (the 3 spare bytes let the final cut land
 * on a character boundary that the producer did not split).
 */
export class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private overflowed = false;
  total = 0;

  constructor(readonly maxBytes: number) {}

  push(chunk: Uint8Array): void {
    this.total += chunk.length;
    const room = this.maxBytes + 3 - this.kept;
    if (room <= 0) {
      if (chunk.length > 0) this.overflowed = true;
      return;
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part.length < chunk.length) this.overflowed = true;
    this.chunks.push(Buffer.from(part));
    this.kept += part.length;
  }

  get truncated(): boolean {
    return this.overflowed || this.kept > this.maxBytes;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.kept);
  }

  /**
   * The kept bytes as text, cut UTF-8-safely at maxBytes. NUL becomes U+FFFD: logs are stored
   * in Postgres text columns, which cannot hold NUL.
   */
  text(): Truncated {
    const decoded = truncateUtf8Bytes(this.bytes(), this.maxBytes);
    const safe = postgresSafeText(decoded.text);
    if (safe === decoded.text) return { text: safe, truncated: decoded.truncated || this.overflowed };
    // U+FFFD takes 3 bytes where NUL took 1: cap again.
    const { text, truncated } = truncateUtf8String(safe, this.maxBytes);
    return { text, truncated: truncated || decoded.truncated || this.overflowed };
  }
}
