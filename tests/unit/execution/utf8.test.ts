import { describe, expect, it } from "vitest";
import { CappedBuffer, decodeUtf8Strict, truncateUtf8Bytes, truncateUtf8String, utf8SafeCutIndex } from "@/server/execution/utf8";

describe("UTF-8-safe truncation", () => {
  it("never splits a multi-byte character", () => {
    const text = "åäö€😀"; // 2+2+2+3+4 bytes
    for (let max = 0; max <= 14; max += 1) {
      const { text: cut, truncated } = truncateUtf8String(text, max);
      expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(max);
      expect(text.startsWith(cut)).toBe(true);
      expect(truncated).toBe(max < 13);
    }
  });

  it("cuts bytes at a character boundary", () => {
    const bytes = Buffer.from("a€b"); // 61 e2 82 ac 62
    expect(utf8SafeCutIndex(bytes, 2)).toBe(1);
    expect(utf8SafeCutIndex(bytes, 3)).toBe(1);
    expect(utf8SafeCutIndex(bytes, 4)).toBe(4);
    expect(truncateUtf8Bytes(bytes, 3)).toEqual({ text: "a", truncated: true });
  });

  it("keeps the byte cap even when invalid bytes decode to U+FFFD", () => {
    const invalid = Buffer.alloc(100, 0xff);
    const { text, truncated } = truncateUtf8Bytes(invalid, 50);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(50);
    expect(truncated).toBe(true);
  });

  it("decodes strictly", () => {
    expect(decodeUtf8Strict(Buffer.from("hej å"))).toBe("hej å");
    expect(decodeUtf8Strict(Buffer.from([0x68, 0xc3]))).toBeNull();
  });

  it("CappedBuffer keeps at most the cap and flags the rest", () => {
    const buffer = new CappedBuffer(10);
    for (let i = 0; i < 1000; i += 1) buffer.push(Buffer.from("€€€€"));
    expect(buffer.bytes().length).toBeLessThanOrEqual(13);
    const { text, truncated } = buffer.text();
    expect(text).toBe("€€€");
    expect(truncated).toBe(true);
    expect(buffer.total).toBe(12_000);
  });

  it("CappedBuffer turns NUL into U+FFFD and still keeps the cap", () => {
    const buffer = new CappedBuffer(5);
    buffer.push(Buffer.from([0x61, 0x00, 0x00, 0x62]));
    const { text, truncated } = buffer.text();
    expect(text).toBe("a\uFFFD");
    expect(truncated).toBe(true);
  });

  it("CappedBuffer does not flag an exact fit", () => {
    const buffer = new CappedBuffer(6);
    buffer.push(Buffer.from("€€"));
    expect(buffer.text()).toEqual({ text: "€€", truncated: false });
  });
});
