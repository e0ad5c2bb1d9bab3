import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";

export const DEMO = {
  admin: { email: "admin@skriptoteket.test", password: "demo-admin-123" },
  contributor: { email: "bidrag@skriptoteket.test", password: "demo-bidrag-123" },
  user: { email: "larare@skriptoteket.test", password: "demo-larare-123" },
} as const;

export async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in" }).click();
}

/** Logs in through the form (the login journeys themselves, and accounts.spec.ts, use this). */
export async function logInThroughFormAndExpectCatalog(page: Page, email: string, password: string) {
  await logIn(page, email, password);
  await expect(page.getByRole("heading", { name: "Katalog" })).toBeVisible();
}

/**
 * Signs `page`'s browser context in and opens the Katalog, where the login form lands. The
 * journeys that are not about logging in skip the form: the context's own request client posts
 * the credentials to next-auth (the same provider, limits and server-side session row as the
 * form), so each call is still a session of its own — a journey that signs out or is
 * deactivated ends only its own. The form itself is walked by accounts.spec.ts,
 * login-redirect.spec.ts and personal.spec.ts.
 */
export async function logInAndExpectCatalog(page: Page, email: string, password: string) {
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const csrf = await page.request.get("/api/auth/csrf");
  expect(csrf.ok(), "next-auth's CSRF token").toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: `${origin}/tools` },
    headers: { origin },
    maxRedirects: 0,
  });
  expect(signedIn.status(), `login of ${email}`).toBe(302);
  expect(signedIn.headers().location ?? "", `login of ${email} refused`).not.toContain("error");
  await page.goto("/tools");
  await expect(page.getByRole("heading", { name: "Katalog" })).toBeVisible();
}

/**
 * A suffix that makes a journey's tool title unique: digits only, so that a title never holds
 * letters another journey searches the Katalog for (kor.spec.ts expects "Bcc" to find one tool).
 */
export function titleSuffix(): string {
  return `${Date.now()}${Math.floor(Math.random() * 100)}`;
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}@skola.test`;
}

export const mainNav = (page: Page) => page.getByRole("navigation", { name: "Huvudmeny" });

/** The login form's error (Next's route announcer is also role=alert, so scope to the form). */
export const loginError = (page: Page) => page.locator("form").getByRole("alert");

/** The titles of the Katalog's tool cards (each card is a link with the title as its heading). */
export const catalogCardTitles = (page: Page) => page.getByRole("main").getByRole("listitem").getByRole("link").getByRole("heading", { level: 2 });

/** A run on the tool page or the run page: the section with its status, result and files. */
export const runSection = (page: Page) => page.getByRole("region", { name: "Körning" });

/** Picks files the way a person does: the button opens the file chooser, which gets the files. */
export async function chooseFiles(page: Page, button: Locator, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), button.click()]);
  await chooser.setFiles(files);
}

/**
 * Waits until React has hydrated `locator` (its event handlers are attached). After a full page
 * load, a click that lands before that does nothing (a file button) or submits the plain HTML
 * form (KÖR); a person on a fast machine rarely notices, a test always races it.
 */
export async function expectHydrated(locator: Locator) {
  await expect
    .poll(() => locator.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps$"))), { message: "React hydrated the page" })
    .toBe(true);
}

/**
 * A contributor signs in, creates a new tool under Mina verktyg (summary optional) and lands on
 * its Testyta, the way every workshop journey starts.
 */
export async function createToolAsContributor(page: Page, title: string, summary?: string) {
  await logInAndExpectCatalog(page, DEMO.contributor.email, DEMO.contributor.password);
  await mainNav(page).getByRole("link", { name: "Mina verktyg" }).click();
  await expect(page.getByRole("heading", { name: "Mina verktyg", level: 1 })).toBeVisible();
  const newTool = page.getByRole("button", { name: "Nytt verktyg" });
  await expectHydrated(newTool);
  await newTool.click();
  const form = page.getByRole("form", { name: "Nytt verktyg" });
  await form.getByLabel("Titel").fill(title);
  if (summary) await form.getByLabel("Sammanfattning").fill(summary);
  await form.getByRole("button", { name: "Skapa verktyget" }).click();
  const heading = page.getByRole("heading", { name: `Testyta: ${title}` });
  await expect(heading).toBeVisible();
  return heading;
}

/** A page in a fresh browser context: another person, with cookies of their own. */
export async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** The admin signs in in a fresh browser and opens, from Granskning, the review page of `title` version N. */
export async function openReviewAsAdmin(browser: Browser, title: string, versionNumber: number): Promise<Page> {
  const admin = await newPage(browser);
  await logInAndExpectCatalog(admin, DEMO.admin.email, DEMO.admin.password);
  await mainNav(admin).getByRole("link", { name: "Admin" }).click();
  await admin.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Granskning" }).click();
  await admin.getByRole("link", { name: `Granska ${title} version ${versionNumber}` }).click();
  return admin;
}

/**
 * On the review page of a tool not in the Katalog yet: the admin says it is for teachers, in
 * administration, and publishes version N and shows the tool in one step.
 */
export async function publishToCatalogOnReview(admin: Page, versionNumber: number) {
  const toCatalog = admin.getByRole("form", { name: "Publicera och visa i katalogen" });
  const publish = toCatalog.getByRole("button", { name: `Publicera version ${versionNumber} och visa i katalogen` });
  await expectHydrated(publish);
  await toCatalog.getByRole("checkbox", { name: "Lärare" }).check();
  await toCatalog.getByRole("checkbox", { name: "Administration" }).check();
  await publish.click();
  // Says what teachers get: the tool is in the Katalog now.
  await expect(admin.getByText(`Version ${versionNumber} är publicerad och verktyget syns nu i katalogen för alla lärare.`)).toBeVisible();
}
