/**
 * Keeps a tool's chart from reaching the network. A Vega-Lite spec can name URLs in many places
 * (data.url, image marks, href channels, topojson, `usermeta.embedOptions` config/patch URLs);
 * all of them go through the view's loader, and this loader refuses every URL — remote,
 * data: or relative. A chart carries its data inline (`data.values` or `datasets`).
 *
 * Pure and free of vega imports (types only), so it is unit-tested without a DOM.
 */
import type { Loader } from "vega";
import type { JsonObject } from "@/lib/ui-contract";

/**
 * Deliberately has no `url` property: vega-scenegraph's image loader falls back to
 * `error.url` as the image's src when sanitize fails, which would load the remote image anyway.
 */
export class ChartUrlRefusedError extends Error {
  constructor(uri: unknown) {
    super(`Diagrammet får inte hämta något utifrån (${typeof uri === "string" ? uri.slice(0, 200) : typeof uri}).`);
    this.name = "ChartUrlRefusedError";
  }
}

/** A vega Loader on which every method rejects; `onRefused` learns of each attempt. */
export function createOfflineLoader(onRefused?: (uri: string) => void): Loader & { options: Record<string, never>; fileAccess: false } {
  const refuse = async (uri: unknown): Promise<never> => {
    onRefused?.(typeof uri === "string" ? uri : String(uri));
    throw new ChartUrlRefusedError(uri);
  };
  return {
    options: {},
    fileAccess: false,
    load: (uri) => refuse(uri),
    sanitize: (uri) => refuse(uri),
    http: (uri) => refuse(uri),
    file: (filename) => refuse(filename),
  };
}

/**
 * The spec as handed to vega-embed: `usermeta` goes, because vega-embed reads
 * `usermeta.embedOptions` and lets it OVERRIDE ours (it could switch the expression
 * interpreter off, turn the actions menu on, or name URLs to fetch config from).
 */
export function prepareVegaLiteSpec(spec: JsonObject): JsonObject {
  const { usermeta: _usermeta, ...rest } = spec;
  return rest;
}
