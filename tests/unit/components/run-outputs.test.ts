import { describe, expect, it } from "vitest";
import { buildSandboxDocument, HTML_FRAME_CSP } from "@/components/run-result/html-frame";
import { containerSummary, startsOpen } from "@/components/run-result/json-tree";
import { RunOutputs } from "@/components/run-result/run-outputs";
import type { UiOutput } from "@/lib/ui-contract";
import { render, tags } from "./markup";

const artifactUrl = (path: string) => `/api/runs/run-1/artifacts/${encodeURIComponent(path)}`;
const outputs = (...list: UiOutput[]) => render(RunOutputs, { outputs: list, artifactUrl });

describe("RunOutputs: notice", () => {
  it("announces errors at once (role=alert) and says the level in words", () => {
    const html = outputs({ kind: "notice", level: "error", message: "Filen saknar kolumnen Namn." });
    expect(html).toMatch(/<div role="alert"[^>]*border-red-300[^>]*>/);
    expect(html).toContain("Fel: ");
    expect(html).toContain("Filen saknar kolumnen Namn.");
  });

  it("shows info and warning politely (role=status) in their own colours", () => {
    const info = outputs({ kind: "notice", level: "info", message: "Klart." });
    const warning = outputs({ kind: "notice", level: "warning", message: "750 av 900 rader visas." });
    expect(info).toMatch(/role="status"[^>]*border-sky-300/);
    expect(info).toContain("Information: ");
    expect(warning).toMatch(/role="status"[^>]*border-amber-300/);
    expect(warning).toContain("Varning: ");
  });

  it("escapes the message", () => {
    const html = outputs({ kind: "notice", level: "info", message: "<b onclick=x>hej</b>" });
    expect(html).toContain("&lt;b onclick=x&gt;hej&lt;/b&gt;");
    expect(html).not.toContain("<b ");
  });
});

describe("RunOutputs: html_sandboxed", () => {
  const hostile = '<p>Rapport</p><script>parent.document.cookie</script><form action="/api/x"><button>Skicka</button></form>';
  const html = outputs({ kind: "html_sandboxed", html: hostile });
  const [frame] = tags(html, "iframe");

  it("is an iframe with an empty sandbox: no scripts, same-origin, forms, popups or top navigation", () => {
    expect(tags(html, "iframe")).toHaveLength(1);
    expect(html).toMatch(/<iframe sandbox=""/);
    expect(frame!.sandbox).toBe("");
    expect(html).not.toMatch(/allow-(scripts|same-origin|forms|popups|top-navigation|modals|downloads)/);
    expect(frame!.referrerpolicy).toBe("no-referrer");
    expect(frame!.title).toBeTruthy();
  });

  it("puts the CSP meta first in srcdoc, before the tool's HTML", () => {
    const srcdoc = frame!.srcdoc!;
    const meta = `<meta http-equiv="Content-Security-Policy" content="${HTML_FRAME_CSP}">`;
    expect(HTML_FRAME_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(srcdoc.indexOf(meta)).toBeGreaterThanOrEqual(0);
    expect(srcdoc.indexOf(meta)).toBeLessThan(srcdoc.indexOf("<p>Rapport</p>"));
    expect(srcdoc.endsWith(hostile)).toBe(true);
  });

  it("never places the tool's HTML in the page itself", () => {
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<form");
    expect(html).not.toContain("<p>Rapport");
  });

  it("keeps the CSP ahead of a full document of the tool's own", () => {
    const document = buildSandboxDocument('<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src *"></head><body>x</body></html>');
    expect(document.startsWith(`<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="${HTML_FRAME_CSP}">`)).toBe(true);
  });
});

describe("RunOutputs: image", () => {
  it("is an <img> from the artifact URL with its alt text, lazy and never wider than the page", () => {
    const html = outputs({ kind: "image", path: "output/diagram.svg", alt: "Närvaro per vecka" });
    const [image] = tags(html, "img");
    expect(image).toMatchObject({ src: "/api/runs/run-1/artifacts/output%2Fdiagram.svg", alt: "Närvaro per vecka", loading: "lazy" });
    expect(image!.class).toContain("max-w-full");
    expect(html).not.toContain("<svg");
    expect(html).not.toContain("<object");
  });

  it("keeps an empty alt (a decorative image) rather than dropping the attribute", () => {
    const [image] = tags(outputs({ kind: "image", path: "output/a.png", alt: "" }), "img");
    expect(image!.alt).toBe("");
  });
});

describe("RunOutputs: table", () => {
  const html = outputs({
    kind: "table",
    title: "Elever i 7B",
    columns: [
      { key: "namn", label: "Namn" },
      { key: "poang", label: "Poäng" },
      { key: "klar", label: "Klar" },
    ],
    rows: [
      { namn: "Åsa", poang: 12.5, klar: true },
      { namn: "Bo", poang: null, klar: false },
      { namn: "<i>x</i>", poang: 3 },
    ],
  });

  it("has the title as caption, column headers and every row", () => {
    expect(html).toMatch(/<caption[^>]*>Elever i 7B<\/caption>/);
    expect(html).toMatch(/<th scope="col"[^>]*>.*Namn.*<\/th>/);
    expect(html).toMatch(/<th scope="col"[^>]*>.*Poäng.*<\/th>/);
    expect(html.match(/<tr\b/g)).toHaveLength(4);
    expect(html).toContain(">Åsa</td>");
    expect(html).toContain(">12,5</td>");
    expect(html).toContain(">Ja</td>");
    expect(html).toContain(">Nej</td>");
    expect(html).toContain("&lt;i&gt;x&lt;/i&gt;");
  });

  it("shows null and missing cells as empty", () => {
    expect(html.match(/<td[^>]*><\/td>/g)).toHaveLength(2);
  });

  it("starts unsorted: every header says aria-sort=none and holds a keyboard-reachable button", () => {
    const headers = tags(html, "th");
    expect(headers).toHaveLength(3);
    for (const header of headers) expect(header["aria-sort"]).toBe("none");
    expect(html.match(/<th[^>]*><button type="button"/g)).toHaveLength(3);
  });

  it("scrolls sideways in a focusable region named by the caption, and counts the rows", () => {
    const [region] = tags(html, "div").filter((attributes) => attributes.role === "region");
    expect(region).toMatchObject({ tabindex: "0" });
    // Sideways only: a tall table grows with the page instead of scrolling inside itself.
    expect(region!.class).toContain("overflow-x-auto");
    const captionId = tags(html, "caption")[0]!.id;
    expect(region!["aria-labelledby"]).toBe(captionId);
    expect(html).toContain("3 rader");
  });

  it("says when a table is empty", () => {
    const empty = outputs({ kind: "table", title: null, columns: [{ key: "a", label: "A" }], rows: [] });
    expect(empty).toContain("Tabellen är tom.");
    expect(empty).toContain("0 rader");
    expect(empty).not.toContain("<caption");
  });
});

describe("RunOutputs: json", () => {
  const html = outputs({
    kind: "json",
    title: "Sammanställning",
    value: { klass: "7B", elever: [{ namn: "Åsa", närvaro: 0.93 }, { namn: "Bo", närvaro: null }], aktiv: true },
  });

  it("renders the title and nested keys and values", () => {
    expect(html).toMatch(/<h3[^>]*>Sammanställning<\/h3>/);
    for (const text of ["klass", "&quot;7B&quot;", "elever", "namn", "&quot;Åsa&quot;", "närvaro", "0.93", "null", "aktiv", "true"]) {
      expect(html).toContain(text);
    }
  });

  it("is a tree of native details/summary, the top level open", () => {
    expect(html).toMatch(/^<div[^>]*><div[^>]*><section[^>]*><h3[^>]*>Sammanställning<\/h3><ul[^>]*><li[^>]*><details open=""/);
    expect(html).toContain("<summary");
    expect(html).toContain("lista, 2 värden");
  });

  it("collapses large or deep containers below the top level", () => {
    const big = Array.from({ length: 50 }, (_, index) => index);
    expect(startsOpen(big, 0)).toBe(true);
    expect(startsOpen(big, 1)).toBe(false);
    expect(startsOpen([1, 2], 1)).toBe(true);
    expect(startsOpen({ a: 1 }, 3)).toBe(false);
    const nested = outputs({ kind: "json", title: null, value: { lista: big } });
    expect(nested).toMatch(/<details class="group"><summary[^>]*>.*lista/);
  });

  it("summarises containers in Swedish", () => {
    expect(containerSummary([])).toBe("tom lista");
    expect(containerSummary([1])).toBe("lista, 1 värde");
    expect(containerSummary({})).toBe("tomt objekt");
    expect(containerSummary({ a: 1, b: 2 })).toBe("2 fält");
  });

  it("escapes strings", () => {
    const escaped = outputs({ kind: "json", title: null, value: { "<b>": "<script>alert(1)</script>" } });
    expect(escaped).not.toContain("<script");
    expect(escaped).not.toContain("<b>");
  });
});

describe("RunOutputs: vega_lite and the rest", () => {
  it("renders a chart placeholder on the server; vega itself loads in the browser", () => {
    const html = outputs({ kind: "vega_lite", spec: { mark: "bar", data: { values: [{ a: 1 }] } } });
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain("Diagrammet ritas");
    expect(html).not.toContain("<svg");
  });

  it("skips an unknown kind without a trace and still shows the others", () => {
    const html = outputs({ kind: "hologram", data: 1 } as unknown as UiOutput, { kind: "markdown", markdown: "Hej" });
    expect(html).not.toContain("hologram");
    expect(html).toContain("Hej");
    expect(html.match(/data-output-kind=/g)).toHaveLength(1);
  });

  it("renders nothing at all for no outputs", () => {
    expect(outputs()).toBe("");
  });

  it("keeps the tool's order", () => {
    const html = outputs(
      { kind: "markdown", markdown: "Först" },
      { kind: "notice", level: "info", message: "Sedan" },
      { kind: "markdown", markdown: "Sist" },
    );
    expect(html.indexOf("Först")).toBeLessThan(html.indexOf("Sedan"));
    expect(html.indexOf("Sedan")).toBeLessThan(html.indexOf("Sist"));
  });
});
