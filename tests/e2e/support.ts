import { expect, type Page } from "@playwright/test";

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

export async function logInAndExpectCatalog(page: Page, email: string, password: string) {
  await logIn(page, email, password);
  await expect(page.getByRole("heading", { name: "Katalog" })).toBeVisible();
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}@skola.test`;
}

export const mainNav = (page: Page) => page.getByRole("navigation", { name: "Huvudmeny" });

/** The login form's error (Next's route announcer is also role=alert, so scope to the form). */
export const loginError = (page: Page) => page.locator("form").getByRole("alert");
