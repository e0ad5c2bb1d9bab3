/**
 * The Katalog's shared page cache (src/server/http/page-cache.ts) over real HTTP: one copy per
 * role with no personal data in it, the session checked on every request, and a deactivated
 * user turned away even while a copy is cached.
 */
import http from "node:http";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../../../src/server/services/actor";
import { setFavorite } from "../../../src/server/services/set-favorite";
import { setUserActive } from "../../../src/server/services/set-user-active";
import { createPublishedTool, createTestUser } from "../../support/db";
import { BROWSER_ACCEPT, webAppPerFile } from "../../support/web-app-per-file";
import { logInOverHttp } from "../../support/web-server";

const web = webAppPerFile("page-cache-");

const page = async (cookie: string, query = "") => {
  const response = await fetch(`${web.url}/tools${query}`, { headers: { cookie, accept: BROWSER_ACCEPT }, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
};

/** A raw HTTP request (fetch would add and undo its own Accept-Encoding). */
function rawRequest(pathAndQuery: string, headers: Record<string, string>, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const request = http.request(`${web.url}${pathAndQuery}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}

describe("the Katalog page cache", () => {
  it("serves the same page to everyone with a role, without anyone's name or e-mail in it", async () => {
    const owner = await createTestUser("admin");
    const { tool } = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return 'ok'\n", { title: "Cachetestverktyg" });
    const first = await createTestUser("user");
    const second = await createTestUser("user");
    const contributor = await createTestUser("contributor");
    const firstPage = await page(await logInOverHttp(web.url, first.user.email, first.password), "?q=Cachetest");
    const secondPage = await page(await logInOverHttp(web.url, second.user.email, second.password), "?q=Cachetest");
    const contributorPage = await page(await logInOverHttp(web.url, contributor.user.email, contributor.password), "?q=Cachetest");

    expect(firstPage.status).toBe(200);
    expect(firstPage.html).toContain(tool.title);
    expect(secondPage.html).toBe(firstPage.html);
    for (const person of [first, second, contributor]) {
      for (const { html } of [firstPage, secondPage, contributorPage]) {
        expect(html).not.toContain(person.user.email);
        expect(html).not.toContain(person.user.id);
      }
    }
    // Another role, another page: contributors see Mina verktyg.
    expect(contributorPage.html).toContain("Mina verktyg");
    expect(firstPage.html).not.toContain("Mina verktyg");
  });

  it("keeps stars out of the shared page, and never shares a Bara favoriter page", async () => {
    const owner = await createTestUser("admin");
    const { tool } = await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return 'ok'\n", { title: "Stjarntestverktyg" });
    const starrer = await createTestUser("user");
    const other = await createTestUser("user");
    await setFavorite({ actor: starrer.actor, input: { toolId: tool.id, favorite: true } });
    const starrerCookie = await logInOverHttp(web.url, starrer.user.email, starrer.password);
    const otherCookie = await logInOverHttp(web.url, other.user.email, other.password);

    // The shared Katalog: the star is there, but pressed or not is the browser's to ask.
    const shared = await page(starrerCookie, "?q=Stjarntest");
    expect(shared.html).toContain("Lägg till i favoriter");
    expect(shared.html).not.toContain('aria-pressed="true"');

    // Bara favoriter, the starrer first (a cache would now hold their list), then the other.
    const starrersList = await page(starrerCookie, "?favoriter=1");
    const othersList = await page(otherCookie, "?favoriter=1");
    expect(starrersList.html).toContain(tool.title);
    expect(othersList.status).toBe(200);
    expect(othersList.html).not.toContain(`/tools/${tool.slug}`);
    expect(othersList.html).toContain("Du har inga favoriter ännu");
  });

  it("still checks the session on every request", async () => {
    const teacher = await createTestUser("user");
    const cookie = await logInOverHttp(web.url, teacher.user.email, teacher.password);
    expect((await page(cookie)).status).toBe(200);
    expect((await page(cookie)).status).toBe(200); // now cached

    await setUserActive({ actor: CLI_ACTOR, input: { userId: teacher.user.id, active: false } });
    const afterDeactivation = await page(cookie);
    expect(afterDeactivation.status).toBe(307);
    expect(afterDeactivation.location).toContain("/login");

    const anonymous = await page("");
    expect(anonymous.status).toBe(307);
    expect(anonymous.location).toContain("/login");
  });

  describe("cannot be poisoned: only a complete HTML page is kept, and only for the request shape that made it", () => {
    const variants: { name: string; headers?: Record<string, string>; query?: string; method?: string }[] = [
      { name: "a middleware prefetch (x-middleware-prefetch: 1)", headers: { "x-middleware-prefetch": "1" } },
      { name: "an RSC request (RSC: 1)", headers: { rsc: "1" } },
      { name: "a router prefetch (Next-Router-Prefetch: 1)", headers: { "next-router-prefetch": "1", rsc: "1" } },
      { name: "an _rsc query", query: "&_rsc=abc12" },
      { name: "a HEAD request", method: "HEAD" },
      { name: "a Range request", headers: { range: "bytes=0-9" } },
      { name: "a JSON Accept", headers: { accept: "application/json" } },
      { name: "a speculative prefetch (Sec-Purpose: prefetch)", headers: { "sec-purpose": "prefetch" } },
    ];
    for (const [index, variant] of variants.entries()) {
      for (const encoding of ["identity", "gzip"]) {
        it(`${variant.name}, Accept-Encoding: ${encoding}, does not change what the next page load gets`, async () => {
          const owner = await createTestUser("admin");
          const title = `Förgiftningstest ${index} ${encoding}`;
          await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return 'ok'\n", { title });
          const teacher = await createTestUser("user");
          const cookie = await logInOverHttp(web.url, teacher.user.email, teacher.password);
          const query = `?q=${encodeURIComponent(title)}`;
          const plain = { cookie, accept: BROWSER_ACCEPT, "accept-encoding": encoding };

          await rawRequest(`/tools${query}${variant.query ?? ""}`, { ...plain, ...variant.headers }, variant.method);
          const next = await rawRequest(`/tools${query}`, plain);
          expect(next.status).toBe(200);
          expect(next.headers["content-type"]).toMatch(/^text\/html/);
          const html = (encoding === "gzip" ? zlib.gunzipSync(next.body) : next.body).toString("utf8");
          expect(html).toMatch(/^<!DOCTYPE html>/i);
          expect(html).toContain(title);
          expect(html.trimEnd()).toMatch(/<\/html>$/);
        });
      }
    }

    it("keeps one copy per Accept-Encoding: an identity client never gets gzip bytes, nor a gzip client plain ones", async () => {
      const teacher = await createTestUser("user");
      const cookie = await logInOverHttp(web.url, teacher.user.email, teacher.password);
      const gzipped = await rawRequest("/tools?q=kodning", { cookie, accept: BROWSER_ACCEPT, "accept-encoding": "gzip" });
      const plain = await rawRequest("/tools?q=kodning", { cookie, accept: BROWSER_ACCEPT, "accept-encoding": "identity" });
      const refusesGzip = await rawRequest("/tools?q=kodning", { cookie, accept: BROWSER_ACCEPT, "accept-encoding": "gzip;q=0, identity" });
      expect(gzipped.headers["content-encoding"]).toBe("gzip");
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body.toString("utf8")).toMatch(/^<!DOCTYPE html>/i);
      expect(refusesGzip.headers["content-encoding"]).toBeUndefined();
      expect(refusesGzip.body.toString("utf8")).toMatch(/^<!DOCTYPE html>/i);
    });
  });
});
