/**
 * SANDBOX-THREATS.md row 11: markdown from a tool is rendered in the app's origin, so nothing in
 * it may execute, post, load or navigate anywhere dangerous. Asserted on the rendered markup.
 */
import { describe, expect, it } from "vitest";
import { MarkdownOutputView, safeMarkdownUrl } from "@/components/run-result/markdown-output";
import { render, tags } from "./markup";

const md = (markdown: string) => render(MarkdownOutputView, { markdown });

const FORBIDDEN_TAGS = ["script", "style", "iframe", "frame", "object", "embed", "svg", "math", "form", "input", "button", "textarea", "select", "img", "image", "link", "meta", "base", "video", "audio", "source", "picture"];

/**
 * No active content, whatever the attack looked like: no forbidden element, no event handler,
 * no dangerous URL in any attribute. (Escaped text such as "&lt;script&gt;" is harmless and is
 * not what this looks at: attributes and tags are.)
 */
function expectInert(html: string) {
  for (const match of html.matchAll(/<([a-zA-Z][\w-]*)(\s[^>]*)?>/g)) {
    const tagName = match[1]!.toLowerCase();
    expect(FORBIDDEN_TAGS, `<${tagName}>`).not.toContain(tagName);
  }
  for (const tagName of new Set([...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((match) => match[1]!))) {
    for (const attributes of tags(html, tagName)) {
      for (const [name, value] of Object.entries(attributes)) {
        expect(name, `${tagName}[${name}]`).not.toMatch(/^on/);
        expect(name, `${tagName}[${name}]`).not.toBe("style");
        expect(value.toLowerCase(), `${tagName}[${name}]`).not.toMatch(/(javascript|vbscript|data):/);
        if (name === "href") expect(value, "href").toMatch(/^(https?:|mailto:|[/#?]|[^:]*$)/i);
        if (name === "id") expect(value, "id").toMatch(/^user-content-/);
      }
    }
  }
}

describe("markdown output: hostile input", () => {
  const attacks: [string, string][] = [
    ["script block", "<script>alert(1)</script>\n\nefter"],
    ["inline script", "före <script>alert(1)</script> efter"],
    ["img onerror", 'Text <img src=x onerror="alert(1)"> mer'],
    ["javascript: link (html)", '<a href="javascript:alert(1)">klicka</a>'],
    ["javascript: link (markdown)", "[klicka](javascript:alert(1))"],
    ["mixed-case javascript:", "[klicka](JaVaScRiPt:alert(1))"],
    ["entity-encoded javascript:", "[klicka](&#106;avascript:alert(1))"],
    ["javascript: in angle brackets", "[klicka](<javascript:alert(1)>)"],
    ["javascript: reference link", "[klicka][x]\n\n[x]: javascript:alert(1)"],
    ["vbscript: link", "[klicka](vbscript:msgbox(1))"],
    ["data: link", "[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["data: image", "![x](data:image/svg+xml,<svg onload=alert(1)>)"],
    ["remote image (tracking pixel)", "![spårning](https://evil.example/pixel.gif)"],
    ["iframe", '<iframe src="https://evil.example"></iframe>'],
    ["svg onload", "<svg onload=alert(1)><circle r=1 /></svg>"],
    ["math", "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>"],
    ["form posting to the app", '<form action="/api/trpc/admin.setUserRole" method="post"><input name="role" value="admin"><button>OK</button></form>'],
    ["style", "<style>body { display: none }</style>"],
    ["style attribute", '<p style="position:fixed;inset:0">övertäckning</p>'],
    ["object/embed", '<object data="x.swf"></object><embed src="x.swf">'],
    ["meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
    ["event handler on div", '<div onclick="alert(1)" onmouseover="alert(2)">hej</div>'],
    ["html comment", "<!-- <script>alert(1)</script> -->"],
  ];
  it.each(attacks)("%s: nothing active survives", (_name, markdown) => {
    expectInert(md(markdown));
  });

  it("(the checker itself notices active content)", () => {
    expect(() => expectInert('<a href="javascript:alert(1)">x</a>')).toThrow();
    expect(() => expectInert('<p onclick="x">x</p>')).toThrow();
    expect(() => expectInert("<script>x</script>")).toThrow();
    expect(() => expectInert('<a href="data:text/html,x">x</a>')).toThrow();
    expect(() => expectInert("<p>&lt;script&gt; as text</p>")).not.toThrow();
  });

  it("drops raw HTML altogether, keeping the surrounding markdown text", () => {
    const html = md("Hej <b onclick=x>du</b> där\n\n<div>blockhtml</div>\n\nSlut");
    expect(html).toContain("Hej");
    expect(html).toContain("Slut");
    expect(html).not.toContain("<b");
    expect(html).not.toContain("<div>blockhtml");
    expect(html).not.toContain("onclick");
  });

  it("shows an image's alt text instead of loading it", () => {
    const html = md("![Klassens resultat](https://evil.example/x.png)");
    expect(html).toContain("Klassens resultat");
    expect(html).not.toContain("evil.example");
  });

  it("refuses protocol-relative links, which leave the site", () => {
    const html = md("[x](//evil.example/path)");
    expect(html).not.toContain("evil.example");
    expect(tags(html, "a")).toHaveLength(0);
  });

  it("keeps footnote ids inside the user-content- namespace", () => {
    const html = md("Text[^1]\n\n[^1]: Fotnot");
    for (const tagName of ["a", "li", "h2", "section"]) {
      for (const attributes of tags(html, tagName)) if (attributes.id) expect(attributes.id).toMatch(/^user-content-/);
    }
  });
});

describe("markdown output: what teachers write", () => {
  const html = md(
    [
      "# Veckans resultat",
      "## Del 2",
      "",
      "Ett stycke med **fet**, *kursiv* och ~~struken~~ text och `kod`.",
      "",
      "- ett",
      "- två",
      "",
      "1. först",
      "2. sedan",
      "",
      "- [x] klar",
      "- [ ] kvar",
      "",
      "| Namn | Poäng |",
      "|:-----|------:|",
      "| Åsa  | 12    |",
      "",
      "```python",
      "print('hej')",
      "```",
      "",
      "> citat",
      "",
      "[Skolverket](https://www.skolverket.se) · [mejla](mailto:rektor@skola.se) · [verktyg](/tools/betyg) · [avsnitt](#del-2) · https://example.se",
    ].join("\n"),
  );

  it("renders headings, emphasis, lists, code and quotes", () => {
    // Shifted two levels: the page around the output owns h1 and h2.
    expect(html).toMatch(/<h3[^>]*>Veckans resultat<\/h3>/);
    expect(html).toMatch(/<h4[^>]*>Del 2<\/h4>/);
    expect(html).toMatch(/<strong[^>]*>fet<\/strong>/);
    expect(html).toMatch(/<em[^>]*>kursiv<\/em>/);
    expect(html).toMatch(/<del[^>]*>struken<\/del>/);
    expect(html).toMatch(/<ul[^>]*>[\s\S]*<li[^>]*>ett<\/li>/);
    expect(html).toMatch(/<ol[^>]*>[\s\S]*<li[^>]*>först<\/li>/);
    expect(html).toMatch(/<pre[^>]*><code[^>]*class="[^"]*language-python[^"]*"[^>]*>/);
    expect(html).toMatch(/<blockquote/);
  });

  it("shows task-list boxes as characters, not form controls", () => {
    expect(html).toContain("☑ klar");
    expect(html).toContain("☐ kvar");
    expect(html).not.toContain("<input");
  });

  it("renders GFM tables with alignment", () => {
    expect(html).toMatch(/<table[^>]*>[\s\S]*<th[^>]*>Namn<\/th>[\s\S]*<td[^>]*style="text-align:right"[^>]*>12<\/td>/);
  });

  it("keeps https, mailto, relative and fragment links; external ones open safely in a new tab", () => {
    const links = tags(html, "a");
    const byHref = Object.fromEntries(links.map((link) => [link.href, link]));
    expect(byHref["https://www.skolverket.se"]).toMatchObject({ target: "_blank", rel: "noopener noreferrer nofollow" });
    expect(byHref["https://example.se"]).toMatchObject({ target: "_blank", rel: "noopener noreferrer nofollow" });
    expect(byHref["mailto:rektor@skola.se"]).toBeDefined();
    expect(byHref["mailto:rektor@skola.se"]!.target).toBeUndefined();
    expect(byHref["/tools/betyg"]).toBeDefined();
    expect(byHref["#del-2"]).toBeDefined();
    expect(html).toContain("(öppnas i en ny flik)");
  });
});

describe("safeMarkdownUrl", () => {
  it.each([
    ["https://skolverket.se/a?b=c#d", "https://skolverket.se/a?b=c#d"],
    ["http://example.se", "http://example.se"],
    ["HTTPS://EXAMPLE.SE", "HTTPS://EXAMPLE.SE"],
    ["mailto:a@b.se", "mailto:a@b.se"],
    ["/tools/x", "/tools/x"],
    ["resultat.html", "resultat.html"],
    ["#rubrik", "#rubrik"],
    ["?sida=2", "?sida=2"],
  ])("keeps %s", (url, expected) => {
    expect(safeMarkdownUrl(url)).toBe(expected);
  });

  it.each([
    "javascript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u0000javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "vbscript:msgbox",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "ftp://example.se",
    "tel:+46701234567",
    "//evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "https:\\\\evil.example",
    ":x",
    "",
    "   ",
  ])("refuses %j", (url) => {
    expect(safeMarkdownUrl(url)).toBeNull();
  });
});

describe("markdown heading levels", () => {
  it("never jump: a document that starts at ### gets h3, and # then ### gets h3 then h4", async () => {
    const { MarkdownOutputView } = await import("@/components/run-result/markdown-output");
    const { render } = await import("./markup");
    expect(render(MarkdownOutputView, { markdown: "### Resultat\n\ntext" })).toMatch(/<h3[^>]*>Resultat<\/h3>/);
    const html = render(MarkdownOutputView, { markdown: "# A\n\n### B\n\n##### C" });
    expect(html).toMatch(/<h3[^>]*>A<\/h3>[\s\S]*<h4[^>]*>B<\/h4>[\s\S]*<h5[^>]*>C<\/h5>/);
  });
});
