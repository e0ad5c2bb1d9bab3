/**
 * What a tool's `vega_lite` spec may carry (RUNNER-CONTRACT.md §6). PURE and isomorphic: the
 * result normalizer applies it to every stored result.
 *
 * This is the first of two layers. The second is structural: a chart is drawn inside an iframe
 * with `sandbox="allow-scripts"` (an opaque origin, no network by its CSP; see
 * components/run-result/chart-frame.tsx), so whatever a spec carries cannot reach the app's page.
 * This layer keeps the spec honest about that, and tells the tool's author what was dropped.
 *
 * A spec may carry: marks, encodings, transforms, scales, axes, legends, titles, params and
 * selections inside the chart, expressions (evaluated by vega's interpreter, never compiled),
 * and its data INLINE (`data.values`, `datasets`).
 *
 * Refused (the chart is not shown, a notice says why): anything that names a URL (`url` keys:
 * data, images, topojson; the chart would fetch it) — see `hasRemoteData`.
 *
 * Removed (the chart is shown without it, a notice says what went):
 * - `usermeta`: vega-embed reads `usermeta.embedOptions` and lets it override the app's options;
 * - `element` of a `bind`: an input bound to a signal stays in the chart's own box;
 * - `href`: charts do not link anywhere (no `javascript:`, no navigation, no tracking links);
 * - `config.events`: lets a chart listen to events of the whole window and page;
 * - event streams that listen outside the chart (`window:…`, `document`, CSS selectors such as
 *   `#main:click`, `{source: "window"}`) in `on`, `clear`, `events`, `between` and `filter`.
 *
 * Data is left alone: keys under `values` and `datasets` are field names, not spec properties.
 */
import type { JsonObject, JsonValue } from "./ui-contract";

export type VegaSpecRemoval = "usermeta" | "bind.element" | "href" | "config.events" | "event outside the chart";

/** The Swedish words for each removal, as the notice names them. */
export const VEGA_REMOVAL_LABELS: Record<VegaSpecRemoval, string> = {
  usermeta: "usermeta",
  "bind.element": "bind.element (reglage utanför diagrammet)",
  href: "länkar (href)",
  "config.events": "config.events",
  "event outside the chart": "händelser utanför diagrammet (window, document eller CSS-väljare)",
};

const DATA_KEYS = new Set(["values", "datasets"]);
const EVENT_KEYS = new Set(["on", "clear", "events", "between"]);

/**
 * An event selector string that listens outside the chart's own view. Vega's syntax is
 * `[source:]type[filter]…` where source is `view`, `scope`, a mark (`@name`, `rect`) or — the
 * ones refused here — `window`, or a CSS selector.
 */
function eventStringLeavesChart(text: string): boolean {
  return /\bwindow\b|\bdocument\b/i.test(text) || /(^|[\s,[>])[#.]/.test(text);
}

/**
 * An event stream (string, object or list) with a source outside the chart. Only the parts
 * that name event sources are looked at (not `update` expressions, which may well say "top").
 */
function eventLeavesChart(value: JsonValue): boolean {
  if (typeof value === "string") return eventStringLeavesChart(value);
  if (Array.isArray(value)) return value.some(eventLeavesChart);
  if (value && typeof value === "object") {
    const source = value.source;
    if (typeof source === "string" && source !== "view" && source !== "scope") return true;
    return ["events", "between", "stream", "merge"].some((name) => value[name] !== undefined && eventLeavesChart(value[name]!));
  }
  return false;
}

/** The spec with every removal applied (a new object; the input is not changed), and what went. */
export function applyVegaSpecPolicy(spec: JsonObject): { spec: JsonObject; removed: VegaSpecRemoval[] } {
  const removed = new Set<VegaSpecRemoval>();

  const walk = (value: JsonValue, key: string | null): JsonValue | undefined => {
    if (value === null || typeof value !== "object") {
      if (typeof value === "string" && /^\s*javascript\s*:/i.test(value)) {
        removed.add("href");
        return undefined;
      }
      return value;
    }
    if (Array.isArray(value)) {
      const items: JsonValue[] = [];
      for (const item of value) {
        const next = walk(item, key);
        if (next !== undefined) items.push(next);
      }
      return items;
    }
    const result: JsonObject = {};
    for (const [name, item] of Object.entries(value)) {
      if (DATA_KEYS.has(name)) {
        result[name] = item;
        continue;
      }
      if (name === "usermeta") {
        removed.add("usermeta");
        continue;
      }
      if (name === "href") {
        removed.add("href");
        continue;
      }
      if (name === "element" && key === "bind") {
        removed.add("bind.element");
        continue;
      }
      if (name === "events" && key === "config") {
        removed.add("config.events");
        continue;
      }
      if (EVENT_KEYS.has(name) && eventLeavesChart(item)) {
        removed.add("event outside the chart");
        continue;
      }
      const next = walk(item, name);
      if (next !== undefined) result[name] = next;
    }
    return result;
  };

  return { spec: walk(spec, null) as JsonObject, removed: [...removed] };
}
