/**
 * The messages between a page that shows a chart and the sandboxed frame that draws it
 * (components/run-result/vega-chart.tsx ↔ chart-frame.tsx). Isomorphic and pure.
 *
 * The frame runs tool-controlled spec expressions, so each side treats the other's messages as
 * untrusted input: a message counts only when it comes from the expected window and parses here.
 */
import type { JsonObject } from "./ui-contract";

/** The frame's page; served with a CSP of its own (src/proxy.ts): sandboxed, no network. */
export const CHART_FRAME_PATH = "/chart-frame";

export const CHART_FRAME_MIN_HEIGHT = 60;
export const CHART_FRAME_MAX_HEIGHT = 4000;

export type ChartFrameState = "ready" | "failed" | "refused";

/** Frame → page. */
export type FrameMessage =
  | { type: "skriptoteket:chart-frame-ready" }
  | { type: "skriptoteket:chart-size"; height: number }
  | { type: "skriptoteket:chart-state"; state: ChartFrameState };

/** Page → frame. */
export type HostMessage = { type: "skriptoteket:chart-spec"; spec: JsonObject };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function parseFrameMessage(data: unknown): FrameMessage | null {
  if (!isObject(data)) return null;
  switch (data.type) {
    case "skriptoteket:chart-frame-ready":
      return { type: data.type };
    case "skriptoteket:chart-size": {
      const height = data.height;
      if (typeof height !== "number" || !Number.isFinite(height)) return null;
      return { type: data.type, height: Math.min(CHART_FRAME_MAX_HEIGHT, Math.max(CHART_FRAME_MIN_HEIGHT, Math.ceil(height))) };
    }
    case "skriptoteket:chart-state":
      return data.state === "ready" || data.state === "failed" || data.state === "refused" ? { type: data.type, state: data.state } : null;
    default:
      return null;
  }
}

export function parseHostMessage(data: unknown): HostMessage | null {
  if (!isObject(data) || data.type !== "skriptoteket:chart-spec" || !isObject(data.spec)) return null;
  return { type: data.type, spec: data.spec as JsonObject };
}

/** A chart's title or description, for the frame's title and the figure's caption. */
export function chartLabel(spec: JsonObject): string | null {
  const text = (value: unknown): string | null => {
    if (typeof value === "string" && value.trim()) return value.trim();
    if (Array.isArray(value)) return value.filter((line) => typeof line === "string").join(" ").trim() || null;
    if (isObject(value)) return text(value.text);
    return null;
  };
  return text(spec.description) ?? text(spec.title);
}

/**
 * The chart's inline rows (top-level `data.values` as a list of records), for the text
 * alternative: the same numbers as a table. Null when the data is elsewhere or not records.
 */
export function chartDataRows(spec: JsonObject, maxRows = 200, maxColumns = 20): { columns: string[]; rows: Record<string, unknown>[]; total: number } | null {
  const data = spec.data;
  if (!isObject(data) || !Array.isArray(data.values)) return null;
  const records = (data.values as unknown[]).filter(isObject);
  if (records.length === 0) return null;
  const columns: string[] = [];
  for (const record of records.slice(0, maxRows)) {
    for (const key of Object.keys(record)) if (!columns.includes(key) && columns.length < maxColumns) columns.push(key);
  }
  return { columns, rows: records.slice(0, maxRows), total: records.length };
}
