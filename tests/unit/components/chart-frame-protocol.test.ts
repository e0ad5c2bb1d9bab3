/**
 * The messages between a page and its sandboxed chart frame: each side takes only what parses
 * (the frame runs tool-controlled expressions, so what it says is untrusted).
 */
import { describe, expect, it } from "vitest";
import { CHART_FRAME_MAX_HEIGHT, CHART_FRAME_MIN_HEIGHT, chartDataRows, chartLabel, parseFrameMessage, parseHostMessage } from "@/lib/chart-frame-protocol";

describe("parseFrameMessage", () => {
  it("takes a height only as a finite number, clamped", () => {
    expect(parseFrameMessage({ type: "skriptoteket:chart-size", height: 250.2 })).toEqual({ type: "skriptoteket:chart-size", height: 251 });
    expect(parseFrameMessage({ type: "skriptoteket:chart-size", height: 1e9 })).toEqual({ type: "skriptoteket:chart-size", height: CHART_FRAME_MAX_HEIGHT });
    expect(parseFrameMessage({ type: "skriptoteket:chart-size", height: -5 })).toEqual({ type: "skriptoteket:chart-size", height: CHART_FRAME_MIN_HEIGHT });
    expect(parseFrameMessage({ type: "skriptoteket:chart-size", height: "100px" })).toBeNull();
    expect(parseFrameMessage({ type: "skriptoteket:chart-size", height: Number.NaN })).toBeNull();
  });

  it("takes only known states and types", () => {
    expect(parseFrameMessage({ type: "skriptoteket:chart-state", state: "refused" })).toEqual({ type: "skriptoteket:chart-state", state: "refused" });
    expect(parseFrameMessage({ type: "skriptoteket:chart-state", state: "<img src=x>" })).toBeNull();
    expect(parseFrameMessage({ type: "navigate", url: "javascript:alert(1)" })).toBeNull();
    expect(parseFrameMessage("skriptoteket:chart-frame-ready")).toBeNull();
    expect(parseFrameMessage(null)).toBeNull();
  });
});

describe("parseHostMessage", () => {
  it("takes a spec object only", () => {
    expect(parseHostMessage({ type: "skriptoteket:chart-spec", spec: { mark: "bar" } })).toEqual({ type: "skriptoteket:chart-spec", spec: { mark: "bar" } });
    expect(parseHostMessage({ type: "skriptoteket:chart-spec", spec: [1] })).toBeNull();
    expect(parseHostMessage({ type: "other", spec: {} })).toBeNull();
  });
});

describe("the chart's text alternative", () => {
  it("is its description or title, and its inline data as rows", () => {
    expect(chartLabel({ title: { text: ["Elever", "per klass"] } })).toBe("Elever per klass");
    expect(chartLabel({ title: "Titel", description: "Staplar per klass" })).toBe("Staplar per klass");
    expect(chartLabel({ mark: "bar" })).toBeNull();
    expect(chartDataRows({ data: { values: [{ a: 1, b: 2 }, { a: 3, c: 4 }, 5] } })).toEqual({ columns: ["a", "b", "c"], rows: [{ a: 1, b: 2 }, { a: 3, c: 4 }], total: 2 });
    expect(chartDataRows({ data: { name: "d" } })).toBeNull();
  });
});
