/**
 * What a tool's chart spec may carry (src/lib/vega-spec-policy.ts), applied by the result
 * normalizer: bindings, links, usermeta and event streams that reach outside the chart go; the
 * chart and its data stay.
 */
import { describe, expect, it } from "vitest";
import { applyVegaSpecPolicy } from "@/lib/vega-spec-policy";
import { normalizeRunResult } from "@/server/execution/result-normalizer";
import { rawWithResult } from "../../support/execution/raw-result";

const data = { values: [{ kategori: "A", antal: 3, href: "javascript:alert(1)", url: "kept as data" }] };
const base = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", data, mark: "bar", encoding: { x: { field: "kategori" }, y: { field: "antal", type: "quantitative" } } };

describe("applyVegaSpecPolicy", () => {
  it("removes bind.element, whatever selector it names, and keeps the input inside the chart", () => {
    for (const element of ["#main", "body", "#__next", "html", "#app > div"]) {
      const { spec, removed } = applyVegaSpecPolicy({ ...base, params: [{ name: "p", value: 1, bind: { input: "password", element } }] });
      expect(spec.params).toEqual([{ name: "p", value: 1, bind: { input: "password" } }]);
      expect(removed).toEqual(["bind.element"]);
    }
  });

  it("removes href channels, href mark properties and javascript: strings", () => {
    const { spec, removed } = applyVegaSpecPolicy({
      ...base,
      mark: { type: "bar", href: "javascript:alert(1)" },
      encoding: { ...base.encoding, href: { value: "JavaScript:parent.document.body.remove()" }, tooltip: { value: " javascript:x" } },
    });
    expect(spec.mark).toEqual({ type: "bar" });
    expect(spec.encoding).toEqual({ ...base.encoding, tooltip: {} });
    expect(removed).toEqual(["href"]);
  });

  it("removes usermeta anywhere and config.events, keeps the rest of config", () => {
    const { spec, removed } = applyVegaSpecPolicy({ ...base, usermeta: { embedOptions: { ast: false } }, config: { events: { bind: "any" }, bar: { color: "red" }, usermeta: {} } });
    expect(spec.usermeta).toBeUndefined();
    expect(spec.config).toEqual({ bar: { color: "red" } });
    expect(removed.sort()).toEqual(["config.events", "usermeta"]);
  });

  it("removes event streams that listen outside the chart, keeps the chart's own", () => {
    const { spec, removed } = applyVegaSpecPolicy({
      ...base,
      params: [
        { name: "keys", value: "", on: [{ events: "window:keydown", update: "event.key" }] },
        { name: "page", value: 0, on: [{ events: { source: "window", type: "mousemove" }, update: "1" }] },
        { name: "css", value: 0, on: [{ events: "#main:click", update: "1" }] },
        { name: "doc", select: { type: "point", on: "document:click" } },
        { name: "own", select: { type: "point", on: "click", clear: "dblclick" } },
        { name: "drag", value: 0, on: [{ events: "[mousedown, window:mouseup] > mousemove", update: "1" }] },
        { name: "mine", value: 0, on: [{ events: "rect:click[event.shiftKey]", update: "datum.top" }] },
      ],
    });
    expect(spec.params).toEqual([
      { name: "keys", value: "" },
      { name: "page", value: 0 },
      { name: "css", value: 0 },
      { name: "doc", select: { type: "point" } },
      { name: "own", select: { type: "point", on: "click", clear: "dblclick" } },
      { name: "drag", value: 0 },
      { name: "mine", value: 0, on: [{ events: "rect:click[event.shiftKey]", update: "datum.top" }] },
    ]);
    expect(removed).toEqual(["event outside the chart"]);
  });

  it("leaves data alone and a harmless spec untouched", () => {
    const { spec, removed } = applyVegaSpecPolicy({ ...base, datasets: { d: [{ href: "x", usermeta: 1 }] } });
    expect(spec).toEqual({ ...base, datasets: { d: [{ href: "x", usermeta: 1 }] } });
    expect(removed).toEqual([]);
  });
});

describe("the result normalizer applies it", () => {
  it("stores the chart without what was removed, and says so in a notice", () => {
    const result = normalizeRunResult(
      rawWithResult({ outputs: [{ kind: "vega_lite", spec: { ...base, params: [{ name: "pw", bind: { input: "password", element: "#main" } }] } }] }),
    );
    const chart = result.outputs.find((output) => output.kind === "vega_lite");
    expect(chart).toEqual({ kind: "vega_lite", spec: { ...base, params: [{ name: "pw", bind: { input: "password" } }] } });
    const notice = result.outputs.find((output) => output.kind === "notice");
    expect(notice).toMatchObject({ kind: "notice", message: expect.stringContaining("bind.element") });
  });
});
