/**
 * A chart must not reach the network: every URL a spec names is refused by the loader. The
 * loader is tested on its own, then inside a real vega View (headless, in node) fed with specs
 * that try to fetch data and images.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChartUrlRefusedError, createOfflineLoader, prepareVegaLiteSpec } from "@/components/run-result/vega-offline";

const URLS = [
  "http://evil.example/data.csv",
  "https://evil.example/data.json",
  "HTTPS://EVIL.EXAMPLE/x",
  "//evil.example/x.json",
  "data:text/csv;base64,YSxiCjEsMgo=",
  "data/cars.json",
  "/api/trpc/run.get",
  "file:///etc/passwd",
];

describe("createOfflineLoader", () => {
  it.each(URLS)("refuses %s in load, sanitize, http and file", async (url) => {
    const loader = createOfflineLoader();
    await expect(loader.load(url)).rejects.toBeInstanceOf(ChartUrlRefusedError);
    await expect(loader.sanitize(url, { context: "image" })).rejects.toBeInstanceOf(ChartUrlRefusedError);
    await expect(loader.sanitize(url, { context: "href" })).rejects.toBeInstanceOf(ChartUrlRefusedError);
    await expect(loader.http(url, {})).rejects.toBeInstanceOf(ChartUrlRefusedError);
    await expect(loader.file(url)).rejects.toBeInstanceOf(ChartUrlRefusedError);
  });

  it("reports each refused URL", async () => {
    const refused: string[] = [];
    const loader = createOfflineLoader((url) => refused.push(url));
    await loader.load("https://evil.example/a.csv").catch(() => {});
    await loader.sanitize("data:image/png;base64,AAAA", { context: "image" }).catch(() => {});
    expect(refused).toEqual(["https://evil.example/a.csv", "data:image/png;base64,AAAA"]);
  });

  it("throws an error without a `url` property (vega would fall back to loading error.url as an image)", async () => {
    const error = await createOfflineLoader()
      .sanitize("https://evil.example/pixel.png", { context: "image" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChartUrlRefusedError);
    expect(error).not.toHaveProperty("url");
  });
});

describe("prepareVegaLiteSpec", () => {
  it("drops usermeta, whose embedOptions would override ours", () => {
    const spec = { mark: "bar", usermeta: { embedOptions: { ast: false, actions: true, config: "https://evil.example/c.json" } } };
    expect(prepareVegaLiteSpec(spec)).toEqual({ mark: "bar" });
    expect(spec.usermeta).toBeDefined();
  });
});

describe("the offline loader inside a real vega View", () => {
  let fetchSpy: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetchSpy = vi.fn(() => Promise.reject(new Error("network used")));
    vi.stubGlobal("fetch", fetchSpy);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  async function renderChart(spec: TopLevelSpec) {
    const refused: string[] = [];
    const view = new View(parse(compile(spec).spec, undefined, { ast: true }), {
      loader: createOfflineLoader((url) => refused.push(url)),
      renderer: "none",
      logLevel: 0,
    });
    await view.runAsync();
    const svg = await view.toSVG();
    view.finalize();
    return { refused, svg };
  }

  it("never fetches remote data", async () => {
    const { refused, svg } = await renderChart({
      data: { url: "https://evil.example/elever.csv" },
      mark: "bar",
      encoding: { x: { field: "namn", type: "nominal" }, y: { field: "poang", type: "quantitative" } },
    });
    expect(refused).toContain("https://evil.example/elever.csv");
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(svg).not.toContain("evil.example");
  });

  it("never loads remote images of an image mark (no href to them in the SVG either)", async () => {
    const { refused, svg } = await renderChart({
      data: { values: [{ x: 1, y: 1, bild: "https://evil.example/pixel.png" }] },
      mark: { type: "image", width: 20, height: 20 },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, url: { field: "bild", type: "nominal" } },
    });
    expect(refused).toContain("https://evil.example/pixel.png");
    expect(fetchSpy).not.toHaveBeenCalled();
    // The URL may appear as text (the mark's aria-label), never as something a browser loads.
    expect(svg).toContain('xlink:href=""');
    expect(svg).not.toMatch(/(href|src)="[^"]*evil\.example/);
  });

  it("draws charts whose data is inline, with expressions evaluated by the interpreter", async () => {
    const { refused, svg } = await renderChart({
      data: { values: [{ namn: "Åsa", poang: 12 }, { namn: "Bo", poang: 9 }] },
      transform: [{ calculate: "datum.poang * 2", as: "dubbelt" }],
      mark: "bar",
      encoding: { x: { field: "namn", type: "nominal" }, y: { field: "dubbelt", type: "quantitative" } },
    });
    expect(refused).toEqual([]);
    expect(svg).toContain("<svg");
    expect(svg).toContain("Åsa");
    expect(svg).toContain("24");
  });
});
