/**
 * Server-rendered markup for component tests (Vitest runs in node, without a DOM). Attribute
 * lookups are by regex over the static HTML React produces, which is regular enough for that.
 */
import { createElement, type FunctionComponent } from "react";
import { renderToStaticMarkup } from "react-dom/server";

export function render<Props extends object>(component: FunctionComponent<Props>, props: Props): string {
  return renderToStaticMarkup(createElement(component, props));
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Every opening tag of the given name, as its attribute map (values decoded). */
export function tags(html: string, tagName: string): Record<string, string>[] {
  const result: Record<string, string>[] = [];
  for (const match of html.matchAll(new RegExp(`<${tagName}(\\s[^>]*)?/?>`, "gi"))) {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[1] ?? "").matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) {
      attributes[attribute[1]!.toLowerCase()] = decodeEntities(attribute[2] ?? "");
    }
    result.push(attributes);
  }
  return result;
}

/** The text inside the element with this id (tags stripped). */
export function textOfId(html: string, id: string): string | null {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`<(\\w+)[^>]*\\sid="${escaped}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return match ? decodeEntities(match[2]!.replace(/<[^>]+>/g, "")) : null;
}

/** The text of a <label for=id> (or null). */
export function labelFor(html: string, id: string): string | null {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`<label[^>]*\\sfor="${escaped}"[^>]*>([\\s\\S]*?)</label>`).exec(html);
  return match ? decodeEntities(match[1]!.replace(/<[^>]+>/g, "")) : null;
}
