/**
 * The security headers over real HTTP against the built app: every HTML page has a nonce CSP
 * whose nonce is on each of its scripts (also when the Katalog comes from the page cache), no
 * page may be framed, the chart frame has a sandboxing CSP of its own, and artifact downloads
 * are attachments that cannot be sniffed, framed or run. (That the app's own pages pass their
 * CSP is shown in a real browser by every e2e journey: tests/e2e/fixtures.ts.)
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../src/server/db/client";
import { runArtifacts, toolRuns } from "../../../src/server/db/schema";
import { createPublishedTool, createTestUser } from "../../support/db";
import { BROWSER_ACCEPT, webAppPerFile } from "../../support/web-app-per-file";
import { logInOverHttp } from "../../support/web-server";

const web = webAppPerFile("security-headers-");

function directives(policy: string | null): Map<string, string> {
  return new Map((policy ?? "").split(";").map((part) => part.trim()).filter(Boolean).map((part) => {
    const [name, ...rest] = part.split(/\s+/);
    return [name!, rest.join(" ")];
  }));
}

/** The nonce of a page's CSP, after checking that every script of the page carries it. */
async function expectNoncedPage(response: Response): Promise<string> {
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  const policy = directives(response.headers.get("content-security-policy"));
  const nonce = /'nonce-([^']+)'/.exec(policy.get("script-src") ?? "")?.[1];
  expect(nonce, "script-src has a nonce").toBeTruthy();
  expect(policy.get("script-src")).not.toContain("unsafe-inline");
  expect(policy.get("script-src")).not.toContain("unsafe-eval");
  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script, "every script carries the page's nonce").toContain(`nonce="${nonce}"`);
  return nonce!;
}

function expectBaseline(response: Response, frame: "DENY" | "SAMEORIGIN" = "DENY") {
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("same-origin");
  expect(response.headers.get("permissions-policy")).toContain("camera=()");
  expect(response.headers.get("x-frame-options")).toBe(frame);
}

describe("page security headers", () => {
  it("the login page: a nonce CSP that frames nothing and is framed by nothing, a fresh nonce per request", async () => {
    const first = await fetch(`${web.url}/login`, { headers: { accept: BROWSER_ACCEPT } });
    expectBaseline(first);
    const policy = directives(first.headers.get("content-security-policy"));
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'none'");
    const nonce = await expectNoncedPage(first);
    const second = await expectNoncedPage(await fetch(`${web.url}/login`, { headers: { accept: BROWSER_ACCEPT } }));
    expect(second).not.toBe(nonce);
  });

  it("a page that does not exist and a signed-in page carry them too", async () => {
    const missing = await fetch(`${web.url}/finns-inte`, { headers: { accept: BROWSER_ACCEPT } });
    expect(missing.status).toBe(404);
    expectBaseline(missing);
    await expectNoncedPage(missing);

    const owner = await createTestUser("admin");
    const { tool } = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return 'ok'\n");
    const teacher = await createTestUser("user");
    const cookie = await logInOverHttp(web.url, teacher.user.email, teacher.password);
    const toolPage = await fetch(`${web.url}/tools/${tool.slug}`, { headers: { cookie, accept: BROWSER_ACCEPT } });
    expectBaseline(toolPage);
    await expectNoncedPage(toolPage);
  });

  it("a Katalog page from the page cache carries the nonce its own scripts have", async () => {
    const teacher = await createTestUser("user");
    const cookie = await logInOverHttp(web.url, teacher.user.email, teacher.password);
    const rendered = await fetch(`${web.url}/tools?q=nonce`, { headers: { cookie, accept: BROWSER_ACCEPT } });
    const renderedNonce = await expectNoncedPage(rendered);
    const cached = await fetch(`${web.url}/tools?q=nonce`, { headers: { cookie, accept: BROWSER_ACCEPT } });
    expectBaseline(cached);
    expect(await expectNoncedPage(cached)).toBe(renderedNonce); // the same stored page, header and body together
  });

  it("the chart frame: sandboxed, no network, framable only by the app", async () => {
    const response = await fetch(`${web.url}/chart-frame`, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(200);
    expectBaseline(response, "SAMEORIGIN");
    const policy = directives(response.headers.get("content-security-policy"));
    expect(policy.get("sandbox")).toBe("allow-scripts");
    expect(policy.get("default-src")).toBe("'none'");
    expect(policy.get("connect-src")).toBe("'none'");
    expect(policy.get("frame-ancestors")).toBe("'self'");
    await expectNoncedPage(response);
  });
});

describe("artifact download headers", () => {
  it("a file of a run is an attachment that cannot be sniffed, framed or run; a refusal is not sniffed either", async () => {
    const owner = await createTestUser("admin");
    const { tool, version } = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return 'ok'\n");
    const teacher = await createTestUser("user");
    const cookie = await logInOverHttp(web.url, teacher.user.email, teacher.password);
    const content = "<script>alert(document.cookie)</script>";
    const storeKey = `runs/${crypto.randomUUID()}/output/sida.html`;
    fs.mkdirSync(path.dirname(path.join(web.artifactsRoot, storeKey)), { recursive: true });
    fs.writeFileSync(path.join(web.artifactsRoot, storeKey), content);
    const [run] = await getDb()
      .insert(toolRuns)
      .values({ toolId: tool.id, versionId: version.id, userId: teacher.user.id, context: "production", status: "succeeded", finishedAt: new Date() })
      .returning();
    await getDb().insert(runArtifacts).values({
      runId: run!.id,
      path: "output/sida.html",
      bytes: content.length,
      sha256: crypto.createHash("sha256").update(content).digest("hex"),
      contentType: "text/html",
      storeKey,
    });

    const download = await fetch(`${web.url}/api/runs/${run!.id}/artifacts/sida.html?inline=1`, { headers: { cookie } });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(content);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("x-frame-options")).toBe("DENY");
    expect(download.headers.get("referrer-policy")).toBe("no-referrer");
    const policy = directives(download.headers.get("content-security-policy"));
    expect(policy.get("default-src")).toBe("'none'");
    expect(policy.has("sandbox")).toBe(true);
    expect(policy.get("frame-ancestors")).toBe("'none'");

    const zip = await fetch(`${web.url}/api/runs/${run!.id}/zip`, { headers: { cookie } });
    expect(zip.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(zip.headers.get("x-content-type-options")).toBe("nosniff");
    await zip.arrayBuffer();

    const refused = await fetch(`${web.url}/api/runs/${run!.id}/artifacts/sida.html`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
