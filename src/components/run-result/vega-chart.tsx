"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { CHART_FRAME_PATH, chartDataRows, chartLabel, parseFrameMessage } from "@/lib/chart-frame-protocol";
import type { JsonObject } from "@/lib/ui-contract";
import { Alert } from "../ui/alert";
import { DataTable } from "../ui/data-table";

type ChartState = "loading" | "ready" | "failed" | "refused";

/**
 * A `vega_lite` output, drawn in a frame of its own: `<iframe sandbox="allow-scripts">` (never
 * allow-same-origin) on the app's chart page, which the proxy serves with a CSP that sandboxes
 * it and lets it fetch nothing. A spec's bindings, signals and expressions run in that opaque
 * origin, so none of them can reach this page — whatever got past the spec policy
 * (lib/vega-spec-policy.ts). The page posts the spec once the frame says it is ready, and
 * takes from the frame only a height (clamped) and a state; nothing else it says is used.
 *
 * The iframe is only put in the page after hydration (the frame's page must load and hydrate
 * before it says "ready", long after this component's listener is attached). For people who cannot see the chart the
 * figure has the chart's title or description as its caption, and its data as a table.
 */
export function VegaLiteChart({ spec }: { spec: JsonObject }) {
  const frame = useRef<HTMLIFrameElement>(null);
  // False on the server and while hydrating, true after: the iframe exists only in the browser.
  const mounted = useSyncExternalStore(subscribeToNothing, () => true, () => false);
  const [state, setState] = useState<ChartState>("loading");
  const [height, setHeight] = useState(320);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const target = frame.current?.contentWindow;
      if (!target || event.source !== target) return;
      const message = parseFrameMessage(event.data);
      if (!message) return;
      if (message.type === "skriptoteket:chart-frame-ready") target.postMessage({ type: "skriptoteket:chart-spec", spec }, "*");
      else if (message.type === "skriptoteket:chart-size") setHeight(message.height);
      else setState((current) => (current === "refused" ? current : message.state));
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [spec]);

  const label = chartLabel(spec);
  const data = chartDataRows(spec);
  const hidden = state === "failed" || state === "refused";

  return (
    <figure className="space-y-2" aria-busy={state === "loading"}>
      <figcaption className="sr-only">{label ? `Diagram: ${label}` : "Diagram"}</figcaption>
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
      {mounted && (
        <iframe
          ref={frame}
          src={CHART_FRAME_PATH}
          sandbox="allow-scripts"
          referrerPolicy="no-referrer"
          title={label ? `Diagram: ${label}` : "Diagram"}
          data-testid="chart-frame"
          hidden={hidden}
          className="block w-full max-w-full border-0 bg-white"
          style={{ height }}
        />
      )}
      {data && !hidden && (
        <details className="text-sm">
          <summary className="cursor-pointer text-stone-700">Visa diagrammets data som tabell</summary>
          <div className="mt-2">
            <DataTable caption={label ? `Data för diagrammet ${label}` : "Diagrammets data"} columns={data.columns}>
              {data.rows.map((row, index) => (
                <tr key={index} className="border-t border-stone-100">
                  {data.columns.map((column) => (
                    <td key={column} className="px-4 py-1">
                      {formatCell(row[column])}
                    </td>
                  ))}
                </tr>
              ))}
            </DataTable>
            {data.total > data.rows.length && <p className="mt-1 text-stone-600">Visar {data.rows.length} av {data.total} rader.</p>}
          </div>
        </details>
      )}
    </figure>
  );
}

const subscribeToNothing = () => () => {};

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
