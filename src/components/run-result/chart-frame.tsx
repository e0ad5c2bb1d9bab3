"use client";

import { useEffect, useRef } from "react";
import { parseHostMessage, type FrameMessage } from "@/lib/chart-frame-protocol";
import { createOfflineLoader, prepareVegaLiteSpec } from "./vega-offline";

/**
 * Runs INSIDE the chart's iframe (app/chart-frame): receives the spec from the page that holds
 * the frame, draws it with vega-embed, and reports its height and whether it could be drawn.
 *
 * Whatever the spec does — inputs bound to `#main` or `body`, signals on window events,
 * expressions — happens in this document: an opaque origin (`sandbox="allow-scripts"`, no
 * allow-same-origin) that cannot read or change the app's page, its cookies or storage, and
 * whose CSP lets it fetch nothing and run no `eval`. The settings below are kept anyway:
 * - the offline loader refuses every URL (data, images, links);
 * - `ast: true`: expressions go through vega's interpreter, never `new Function`;
 * - `tooltip: false` keeps vega's plain-text tooltips (vega-tooltip renders HTML);
 * - `actions: false`: no export/editor menu.
 */
export function ChartFrameDocument() {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const host = window.parent;
    const element = container.current;
    if (host === window || !element) return; // opened on its own: there is nothing to draw
    const post = (message: FrameMessage) => host.postMessage(message, "*");
    let drawn = false;
    let finalize: (() => void) | undefined;
    let refused = false;
    const loader = createOfflineLoader(() => {
      refused = true;
      post({ type: "skriptoteket:chart-state", state: "refused" });
    });
    // The chart's own height (not the document's, which is at least the frame's).
    const resize = new ResizeObserver(() => post({ type: "skriptoteket:chart-size", height: element.getBoundingClientRect().bottom + 8 }));
    resize.observe(element);

    const onMessage = (event: MessageEvent) => {
      if (event.source !== host || drawn) return;
      const message = parseHostMessage(event.data);
      if (!message) return;
      drawn = true;
      import("vega-embed")
        .then(({ default: embed }) =>
          embed(element, prepareVegaLiteSpec(message.spec) as Parameters<typeof embed>[1], {
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
          finalize = result.finalize;
          if (!refused) post({ type: "skriptoteket:chart-state", state: "ready" });
        })
        .catch(() => {
          if (!refused) post({ type: "skriptoteket:chart-state", state: "failed" });
        });
    };
    window.addEventListener("message", onMessage);
    post({ type: "skriptoteket:chart-frame-ready" });
    return () => {
      window.removeEventListener("message", onMessage);
      resize.disconnect();
      finalize?.();
    };
  }, []);

  return <div ref={container} className="max-w-full overflow-x-auto bg-white p-1" />;
}
