/**
 * Markdown written by a tool, shown in the app's own origin — so it is treated as hostile
 * (SANDBOX-THREATS.md row 11). Three independent layers, each enough on its own:
 *
 * 1. Raw HTML in the markdown is dropped (`skipHtml`, and rehype-sanitize drops `raw` nodes).
 * 2. rehype-sanitize with an allowlist of only the elements markdown + GFM produce: no script,
 *    style, iframe, object, embed, svg, math, form controls, images or event handlers.
 * 3. Every URL goes through `safeMarkdownUrl`: http(s), mailto and same-site relative links only.
 *
 * Images are dropped (their alt text stays): a remote image is a tracking beacon, and tools
 * that want to show a picture use the `image` output kind, which serves a run artifact.
 */
import type { Element, ElementContent, Root, RootContent } from "hast";
import type { JSX, ReactNode } from "react";
import Markdown, { type Components } from "react-markdown";
import rehypeSanitize, { type Options as SanitizeSchema } from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { CopyablePre } from "./copyable-pre";

const footnoteClass: [string, string] = ["className", "data-footnote-backref"];
// Only the ids remark-rehype gives footnotes, which carry its `user-content-` prefix: markdown
// can never name an id the app uses (DOM clobbering).
const footnoteId: [string, RegExp] = ["id", /^user-content-fn/];

/** The complete allowlist (not an extension of the default schema, so nothing slips in by default). */
export const markdownSanitizeSchema: SanitizeSchema = {
  tagNames: [
    "a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre",
    "section", "strong", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
  ],
  attributes: {
    a: ["href", "title", "ariaLabel", "dataFootnoteRef", "dataFootnoteBackref", footnoteClass, footnoteId],
    code: [["className", /^language-[\w-]+$/]],
    h2: [["className", "sr-only"]],
    li: [footnoteId, ["className", "task-list-item"]],
    ol: ["start", ["className", "contains-task-list"]],
    ul: [["className", "contains-task-list"]],
    section: ["dataFootnotes", ["className", "footnotes"]],
    td: ["align"],
    th: ["align"],
  },
  clobberPrefix: "user-content-",
  clobber: ["name", "ariaLabelledBy", "ariaDescribedBy"],
  protocols: { href: ["http", "https", "mailto"] },
  ancestors: { tbody: ["table"], td: ["table"], th: ["table"], thead: ["table"], tr: ["table"] },
  strip: ["script", "style", "textarea", "title", "noscript", "template"],
  required: {},
  allowComments: false,
  allowDoctypes: false,
};

// Browsers ignore tabs, newlines and other controls inside URLs ("java\tscript:" is javascript:).
const IGNORED_IN_URLS = /[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u205f\u3000\ufeff]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const ALLOWED_SCHEMES = new Set(["http", "https", "mailto"]);

/**
 * The URL a markdown link may keep, or null to drop it: http(s) and mailto, or a same-site
 * relative path/query/fragment. Protocol-relative (`//host`) and backslash forms (which
 * browsers read as `//`) are refused, as is every other scheme (javascript:, data:, vbscript:, …).
 */
export function safeMarkdownUrl(url: string): string | null {
  const compact = url.replace(IGNORED_IN_URLS, "");
  if (compact === "") return null;
  const scheme = SCHEME.exec(compact);
  if (scheme) return ALLOWED_SCHEMES.has(scheme[1]!.toLowerCase()) && !compact.includes("\\") ? url.trim() : null;
  // No scheme before the first / ? #: a relative URL, unless a colon hides one ("a:b/c" is fine, ":x" is not).
  if (compact.startsWith("//") || compact.includes("\\") || compact.startsWith(":")) return null;
  return url.trim();
}

export function isExternalUrl(url: string): boolean {
  return /^https?:/i.test(url.replace(IGNORED_IN_URLS, ""));
}

/**
 * Runs before the sanitizer: images become their alt text and GFM task-list checkboxes become
 * ☑/☐, so neither needs `img` or `input` in the allowlist.
 */
function rehypeImagesAndCheckboxesToText() {
  function replace(node: Element): ElementContent | null {
    if (node.tagName === "img") {
      const alt = typeof node.properties.alt === "string" ? node.properties.alt : "";
      return alt ? { type: "text", value: alt } : null;
    }
    if (node.tagName === "input" && node.properties.type === "checkbox") {
      return { type: "text", value: node.properties.checked ? "☑" : "☐" };
    }
    return node;
  }
  function walk(parent: Root | Element) {
    const children: (RootContent | ElementContent)[] = [];
    for (const child of parent.children) {
      if (child.type !== "element") {
        children.push(child);
        continue;
      }
      const replaced = replace(child);
      if (replaced === null) continue;
      if (replaced.type === "element") walk(replaced);
      children.push(replaced);
    }
    parent.children = children as typeof parent.children;
  }
  return (tree: Root) => walk(tree);
}

type Props<Tag extends keyof JSX.IntrinsicElements> = JSX.IntrinsicElements[Tag] & { node?: unknown };

function SafeLink({ node: _node, href, children, className: _className, target: _target, rel: _rel, ...rest }: Props<"a">) {
  const url = typeof href === "string" ? safeMarkdownUrl(href) : null;
  if (!url) return <span>{children}</span>;
  const external = isExternalUrl(url);
  return (
    <a
      // Only what the sanitizer let through: title, aria-label, footnote id and data attributes.
      {...rest}
      href={url}
      rel="noopener noreferrer nofollow"
      target={external ? "_blank" : undefined}
      className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800"
    >
      {children}
      {external && <span className="sr-only"> (öppnas i en ny flik)</span>}
    </a>
  );
}

function styled<Tag extends keyof JSX.IntrinsicElements>(Tag: Tag, className: string) {
  function StyledElement({ node: _node, className: own, ...props }: Props<Tag>) {
    const Element = Tag as unknown as (props: Record<string, unknown>) => ReactNode;
    return <Element {...props} className={own ? `${className} ${own}` : className} />;
  }
  StyledElement.displayName = `Markdown.${Tag}`;
  return StyledElement;
}

type MdNode = { type: string; depth?: number; children?: MdNode[] };

/**
 * A tool's markdown may start at ### or skip from # to ###; the page outline must not jump
 * levels. The distinct heading depths the document uses are ranked (the shallowest becomes #,
 * the next ##, …), so a "### Resultat" under the page's h2 becomes an h3, not an h5.
 */
export function remarkCompactHeadings() {
  return (tree: MdNode) => {
    const headings: MdNode[] = [];
    const walk = (node: MdNode) => {
      if (node.type === "heading") headings.push(node);
      node.children?.forEach(walk);
    };
    walk(tree);
    const ranks = [...new Set(headings.map((heading) => heading.depth ?? 1))].sort((a, b) => a - b);
    for (const heading of headings) heading.depth = Math.min(6, ranks.indexOf(heading.depth ?? 1) + 1);
  };
}

// Markdown sits inside a run's section (under the page's h1 and the section's h2), so its
// headings, compacted by remarkCompactHeadings, are shifted two levels down (# → h3).
const components: Components = {
  a: SafeLink,
  h1: styled("h3", "mt-6 mb-3 text-xl font-semibold tracking-tight first:mt-0"),
  h2: styled("h4", "mt-6 mb-3 text-lg font-semibold first:mt-0"),
  h3: styled("h5", "mt-5 mb-2 font-semibold first:mt-0"),
  h4: styled("h6", "mt-4 mb-2 font-semibold first:mt-0"),
  h5: styled("h6", "mt-4 mb-2 font-semibold first:mt-0"),
  h6: styled("h6", "mt-4 mb-2 font-semibold text-stone-700 first:mt-0"),
  p: styled("p", "my-3 leading-relaxed first:mt-0 last:mb-0"),
  ul: styled("ul", "my-3 list-disc space-y-1 pl-6 [&.contains-task-list]:list-none [&.contains-task-list]:pl-1"),
  ol: styled("ol", "my-3 list-decimal space-y-1 pl-6"),
  li: styled("li", "leading-relaxed"),
  blockquote: styled("blockquote", "my-3 border-l-4 border-stone-300 pl-4 text-stone-700"),
  hr: styled("hr", "my-6 border-stone-200"),
  // Wrapped rather than scrolled sideways: what tools put in code blocks is mostly text to copy.
  pre: ({ children }: Props<"pre">) => (
    <CopyablePre className="overflow-x-auto whitespace-pre-wrap break-words rounded-md bg-stone-100 p-3 font-mono text-sm">{children}</CopyablePre>
  ),
  code: styled("code", "rounded bg-stone-100 px-1 py-0.5 font-mono text-[0.9em] [pre_&]:bg-transparent [pre_&]:p-0"),
  table: styled("table", "min-w-full border-collapse text-sm"),
  thead: styled("thead", "bg-stone-100"),
  th: styled("th", "border border-stone-300 px-3 py-2 text-left font-semibold"),
  td: styled("td", "border border-stone-300 px-3 py-2 align-top"),
  section: styled("section", "mt-6 border-t border-stone-200 pt-3 text-sm text-stone-700"),
};

export function MarkdownOutputView({ markdown }: { markdown: string }) {
  return (
    <div className="text-stone-900 [&_table]:my-3 [&>table]:block [&>table]:overflow-x-auto">
      <Markdown
        skipHtml
        remarkPlugins={[remarkGfm, remarkCompactHeadings]}
        remarkRehypeOptions={{ footnoteLabel: "Fotnoter", footnoteBackLabel: "Tillbaka till texten" }}
        rehypePlugins={[rehypeImagesAndCheckboxesToText, [rehypeSanitize, markdownSanitizeSchema]]}
        urlTransform={(url) => safeMarkdownUrl(url)}
        components={components}
      >
        {markdown}
      </Markdown>
    </div>
  );
}
