import { describe, expect, it } from "vitest";
import { routeTemplateMatcher } from "@/server/observability/route-templates";

describe("routeTemplateMatcher", () => {
  const routeOf = routeTemplateMatcher(["/", "/tools", "/tools/[slug]", "/runs/[id]", "/admin/tools", "/admin/tools/[toolId]", "/api/trpc/[trpc]", "/api/auth/[...nextauth]", "/admin/drift"]);

  it("names a path by its template, never by its ids or names", () => {
    expect(routeOf("/runs/3f2c9a1e-5b7d-4c1a-9e2f-0a1b2c3d4e5f")).toBe("/runs/[id]");
    expect(routeOf("/tools/elevlista-asa-oberg")).toBe("/tools/[slug]");
    expect(routeOf("/api/trpc/run.get,tool.list")).toBe("/api/trpc/[trpc]");
    expect(routeOf("/api/auth/callback/credentials")).toBe("/api/auth/[...nextauth]");
    expect(routeOf("/api/runs/3f2c9a1e-5b7d-4c1a-9e2f-0a1b2c3d4e5f/artifacts/rapporter/Åsa.txt")).toBe("/api/runs/[runId]/artifacts/[...path]");
    expect(routeOf("/_next/static/chunks/abc.js")).toBe("/_next/static/[...path]");
  });

  it("prefers a static segment over a dynamic one, and calls anything else unmatched", () => {
    expect(routeOf("/admin/tools")).toBe("/admin/tools");
    expect(routeOf("/admin/drift")).toBe("/admin/drift");
    expect(routeOf("/")).toBe("/");
    expect(routeOf("/wp-login.php")).toBe("unmatched");
    expect(routeOf("/runs/1/2")).toBe("unmatched");
  });
});
