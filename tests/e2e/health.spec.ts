import { expect, test } from "./fixtures";
import { DEMO, logInAndExpectCatalog } from "./support";

test("the health endpoint reports the database, Docker and the runner image as seen by the worker (details to admins only)", async ({ request, page }) => {
  await expect
    .poll(async () => (await (await request.get("/api/health")).json()).status, { timeout: 30_000 })
    .toBe("ok");
  // A stranger learns the status and nothing about the installation.
  expect(await (await request.get("/api/health")).json()).toEqual({ status: "ok" });

  await logInAndExpectCatalog(page, DEMO.admin.email, DEMO.admin.password);
  const health = await (await page.request.get("/api/health")).json();
  expect(health.database.ok).toBe(true);
  expect(health.docker.ok).toBe(true);
  expect(health.runnerImage).toMatchObject({ ok: true, tag: expect.stringMatching(/^skriptoteket-runner:[0-9a-f]{16}$/) });
  expect(health.workers.length).toBeGreaterThanOrEqual(1);
});

test("a mutation from another site is refused", async ({ request }) => {
  const response = await request.post("/api/trpc/admin.createUser", {
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    data: { json: { email: "x@y.se", displayName: "X", role: "admin", password: "12345678" } },
  });
  expect(response.status()).toBe(403);
});

test("search engines are told to stay out", async ({ request }) => {
  const response = await request.get("/robots.txt");
  expect(response.status()).toBe(200);
  expect(await response.text()).toMatch(/^User-agent: \*\nDisallow: \/$/m);
});

test("pages carry the app's icon", async ({ page, request }) => {
  await page.goto("/login");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});
