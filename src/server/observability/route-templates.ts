import fs from "node:fs";
import path from "node:path";

/** Routes answered by plain Node in front of Next (src/cli/web.ts), so absent from Next's manifest. */
const NODE_ROUTES = ["/api/metrics", "/api/runs/[runId]/artifacts/[...path]", "/api/runs/[runId]/zip", "/_next/static/[...path]", "/_next/image"];

type Matcher = { template: string; pattern: RegExp; rank: number };

/**
 * Turns a request path into its route template (`/runs/[id]`, never `/runs/3f2c…`) so an HTTP
 * metric has one series per route and no ids, names or other personal data in its labels. The
 * templates are the build's own (`.next/app-path-routes-manifest.json`); a path matching none
 * (a 404, a probe) is "unmatched".
 */
export function routeTemplateMatcher(templates: readonly string[]): (pathname: string) => string {
  const matchers: Matcher[] = [...new Set([...templates, ...NODE_ROUTES])].map((template) => {
    let rank = 0;
    const source = template
      .split("/")
      .filter(Boolean)
      .map((segment) => {
        if (/^\[\[\.\.\..+\]\]$/.test(segment)) return (rank += 100), "(?:/.*)?";
        if (/^\[\.\.\..+\]$/.test(segment)) return (rank += 10), "/.+";
        if (/^\[.+\]$/.test(segment)) return (rank += 1), "/[^/]+";
        return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
      })
      .join("");
    return { template, pattern: new RegExp(`^${source || "/"}/?$`), rank };
  });
  // Static segments win over dynamic ones (`/admin/tools` before `/admin/[x]`).
  matchers.sort((a, b) => a.rank - b.rank || b.template.length - a.template.length);
  return (pathname) => matchers.find((matcher) => matcher.pattern.test(pathname))?.template ?? "unmatched";
}

/** The app's route templates from the web build in `dir`; [] before a build. */
export function builtRouteTemplates(dir: string): string[] {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, ".next", "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
    return Object.values(manifest);
  } catch {
    return [];
  }
}
