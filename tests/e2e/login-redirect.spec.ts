import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DEMO, logIn } from "./support";

/**
 * Issue 8, open redirect: a callbackUrl written to leave the site, in the encodings browsers
 * resolve to another host (backslash, tab, newline, "//", dot segments, absolute URLs,
 * javascript:), keeps the browser on Skriptoteket — when already signed in and after the form.
 * Only a browser shows it: the server's Location is fine as text, the browser is what reads
 * `/\host` or `/<tab>/host` as another site.
 */
const OFF_SITE = [
  "/\\evil.example/x",
  "/\t/evil.example/x",
  "/\n/evil.example/x",
  "//evil.example/x",
  "/\\/evil.example/x",
  "/.//evil.example/x",
  "https://evil.example/x",
  "javascript:alert(document.domain)",
];

/** Records any request for another host, answering it so a leak is seen (not a DNS error). */
async function watchForLeaks(context: BrowserContext): Promise<string[]> {
  const leaks: string[] = [];
  await context.route(
    (url) => url.hostname !== "localhost",
    (route) => {
      leaks.push(route.request().url());
      return route.fulfill({ status: 200, contentType: "text/html", body: "<h1>Annan webbplats</h1>" });
    },
  );
  return leaks;
}

async function expectStillHere(page: Page, leaks: string[], target: string) {
  await expect(page.getByRole("heading", { name: "Katalog" }), JSON.stringify(target)).toBeVisible();
  expect(new URL(page.url()).host, JSON.stringify(target)).toBe("localhost:3100");
  expect(leaks, JSON.stringify(target)).toEqual([]);
}

test("already signed in: /login?callbackUrl=… stays on the site, whatever the encoding", async ({ page, context }) => {
  const leaks = await watchForLeaks(context);
  await logIn(page, DEMO.user.email, DEMO.user.password);
  await expect(page.getByRole("heading", { name: "Katalog" })).toBeVisible();
  for (const target of OFF_SITE) {
    await page.goto(`/login?${new URLSearchParams({ callbackUrl: target })}`);
    await expectStillHere(page, leaks, target);
  }
});

test("after the login form: callbackUrl=… stays on the site, whatever the encoding", async ({ browser }) => {
  for (const target of OFF_SITE) {
    const context = await browser.newContext();
    const leaks = await watchForLeaks(context);
    const page = await context.newPage();
    await page.goto(`/login?${new URLSearchParams({ callbackUrl: target })}`);
    await page.getByLabel("E-postadress").fill(DEMO.user.email);
    await page.getByLabel("Lösenord").fill(DEMO.user.password);
    await page.getByRole("button", { name: "Logga in" }).click();
    await expectStillHere(page, leaks, target);
    await context.close();
  }
});

test("a logged-out visitor to a shared tool link comes back to that tool after login", async ({ page }) => {
  await page.goto("/tools/gruppindelning");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftools%2Fgruppindelning$/);
  await page.getByLabel("E-postadress").fill(DEMO.user.email);
  await page.getByLabel("Lösenord").fill(DEMO.user.password);
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page).toHaveURL(/\/tools\/gruppindelning$/);
  await expect(page.getByRole("heading", { level: 1, name: "Gruppindelning" })).toBeVisible();
});
