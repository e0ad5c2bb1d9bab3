"use client";

import { useState } from "react";
import { Button } from "../ui/button";

/**
 * Tool HTML runs nowhere near the app: an iframe with an EMPTY sandbox (no scripts, an opaque
 * origin, no forms, popups or top navigation) and a CSP that forbids every fetch, so a page
 * cannot even load a tracking pixel. Without scripts or same-origin the frame cannot report its
 * height, so it has a fixed height the user can drag (resize-y) or enlarge with a button.
 */
export const HTML_FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const BASE_STYLE = "body{margin:12px;font-family:system-ui,sans-serif;line-height:1.5;color:#1c1917}";

/**
 * The srcdoc: the CSP comes first, so the parser puts it in <head> before anything of the tool's
 * (a later <!DOCTYPE>, <html> or <head> of the tool's own is merged or ignored by the parser).
 */
export function buildSandboxDocument(html: string): string {
  return (
    `<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="${HTML_FRAME_CSP}">` +
    `<meta name="referrer" content="no-referrer"><style>${BASE_STYLE}</style>` +
    html
  );
}

export function HtmlFrame({ html }: { html: string }) {
  const [large, setLarge] = useState(false);
  return (
    <div className="space-y-2">
      <div
        className="resize-y overflow-hidden rounded-md border border-stone-200 bg-white"
        style={{ height: large ? "80vh" : "24rem", minHeight: "8rem" }}
      >
        <iframe
          sandbox=""
          srcDoc={buildSandboxDocument(html)}
          referrerPolicy="no-referrer"
          title="Innehåll från verktyget"
          loading="lazy"
          className="block h-full w-full"
        />
      </div>
      <Button variant="secondary" size="sm" onClick={() => setLarge((value) => !value)}>
        {large ? "Visa mindre" : "Visa större"}
      </Button>
    </div>
  );
}
