"use client";

import { useEffect, useRef, useState } from "react";
import type { JsonObject } from "@/lib/ui-contract";
import { Alert } from "../ui/alert";
import { createOfflineLoader, prepareVegaLiteSpec } from "./vega-offline";

type ChartState = "loading" | "ready" | "failed" | "refused";

/**
 * A `vega_lite` output. vega-embed is imported dynamically, so only pages that show a chart
 * download vega. Safety settings, and why:
 * - the offline loader refuses every URL (no data leaves the page, nothing is fetched);
 * - `ast: true` evaluates the spec's expressions with vega's interpreter instead of compiling
 *   them to JavaScript with `new Function` (expressions are tool-controlled text);
 * - `tooltip: false` keeps vega's plain-text title tooltips (vega-tooltip renders HTML and
 *   loads `image` fields as remote <img>);
 * - `actions: false`: no export/editor menu that would post the spec elsewhere.
 */
export function VegaLiteChart({ spec }: { spec: JsonObject }) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<ChartState>("loading");

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    let finalize: (() => void) | undefined;
    const loader = createOfflineLoader(() => {
      if (!cancelled) setState("refused");
    });
    import("vega-embed")
      .then(({ default: embed }) =>
        embed(element, prepareVegaLiteSpec(spec) as Parameters<typeof embed>[1], {
          mode: "vega-lite",
          actions: false,
          renderer: "svg",
          loader,
          ast: true,
          tooltip: false,
          defaultStyle: false,
          logLevel: 0,
        }),
      )
      .then((result) => {
        if (cancelled) return result.finalize();
        finalize = result.finalize;
        setState((current) => (current === "refused" ? current : "ready"));
      })
      .catch(() => {
        if (!cancelled) setState((current) => (current === "refused" ? current : "failed"));
      });
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [spec]);

  return (
    <figure className="space-y-2" aria-busy={state === "loading"}>
      {state === "loading" && <p className="text-sm text-stone-600">Diagrammet ritas …</p>}
      {state === "failed" && (
        <Alert tone="error">Diagrammet kunde inte visas. Verktyget skickade en diagrambeskrivning som inte går att rita.</Alert>
      )}
      {state === "refused" && (
        <Alert tone="error">
          Diagrammet kunde inte visas: det försöker hämta data från en webbadress, och det är inte tillåtet. Verktyget behöver
          skicka med sina data i diagrammet.
        </Alert>
      )}
      <div ref={container} hidden={state === "failed" || state === "refused"} className="max-w-full overflow-x-auto" />
    </figure>
  );
}
