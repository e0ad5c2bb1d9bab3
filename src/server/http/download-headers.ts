/** Inline display is allowed only for images a run shows with an `image` output. */
const INLINE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"]);

/** `filename*` (RFC 6266/5987) for any name, with a plain ASCII fallback for old clients. */
export function contentDisposition(kind: "attachment" | "inline", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_") || "fil";
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function canShowInline(contentType: string): boolean {
  return INLINE_TYPES.has(contentType);
}

/**
 * Headers every artifact response carries: files a tool made are untrusted, so the browser
 * must never sniff or run them in our origin (an SVG or HTML file opened directly gets a
 * sandboxed, script-free document).
 */
export function artifactSecurityHeaders(): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    // Opened directly, a file is a sandboxed document that loads nothing and cannot be framed.
    "Content-Security-Policy": "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox",
    "Referrer-Policy": "no-referrer",
    // no-transform: the server must not gzip (and so re-buffer and drop Content-Length of) files.
    "Cache-Control": "private, no-store, no-transform",
    "Cross-Origin-Resource-Policy": "same-origin",
  };
}

/** `Range: bytes=a-b` (one range) → inclusive bounds, or null when absent or unusable. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | "unsatisfiable" {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return "unsatisfiable";
  return { start, end };
}
