/**
 * Issue 10: one clear path from review to visible in the Katalog, and the profile reachable
 * from every page's header (1280 px) and from Meny (390 px).
 */
import type { Page } from "@playwright/test";
import { expect, expectAxeClean, test } from "./fixtures";
import { createToolAsContributor, DEMO, expectHydrated, logInAndExpectCatalog, mainNav, newPage, openReviewAsAdmin, titleSuffix } from "./support";

/** A contributor's new tool with real instructions, saved and submitted: version 2 waits for review. */
async function submitNewTool(page: Page, title: string) {
  await createToolAsContributor(page, title, "Räknar frånvaron per elev.");
  await page.getByRole("tab", { name: "Instruktioner" }).click();
  await page.getByLabel("Instruktioner (Markdown)").fill("Välj närvarolistan och tryck **KÖR**.");
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByTestId("save-state")).toHaveText("Allt är sparat (version 2)");
  await page.getByLabel("Vad har ändrats i version 2?").fill("Första versionen för lärarna.");
  await page.getByRole("button", { name: "Skicka för granskning" }).click();
  await expect(page.getByText("Version 2 är skickad för granskning.")).toBeVisible();
}

test("a contributor submits a tool; the admin sets its address and taxonomy on the review page and publishes; a teacher finds it in the Katalog", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const suffix = titleSuffix();
  const title = `Frånvarokoll ${suffix}`;
  await submitNewTool(page, title);

  // --- The admin: Granskning → the version → one form: address, for whom, Publicera.
  const admin = await openReviewAsAdmin(browser, title, 2);
  await expect(admin.getByRole("heading", { name: `${title} – version 2` })).toBeVisible();
  const form = admin.getByRole("form", { name: "Publicera och visa i katalogen" });
  await expect(form).toContainText("Verktyget syns inte i katalogen än");
  const slug = form.getByLabel("Adress (slug)");
  // Prefilled from what the tool has (its slug, made from the title).
  await expect(slug).toHaveValue(`franvarokoll-${suffix}`);
  const publish = form.getByRole("button", { name: "Publicera version 2 och visa i katalogen" });
  await expectHydrated(publish);
  // No "publish the version only": for a first publication there is one path.
  await expect(admin.getByRole("button", { name: /Publicera bara versionen/ })).toHaveCount(0);

  // Nothing chosen, and an address another tool has: each field says what is wrong, nothing is lost.
  await slug.fill("gruppindelning");
  await publish.click();
  await expect(form.getByText("Välj minst en yrkesroll.")).toBeVisible();
  await expect(form.getByText("Välj minst en kategori.")).toBeVisible();
  await expect(admin.getByRole("alert").filter({ hasText: "Inget är publicerat än. Rätta det som är markerat nedan" })).toBeVisible();
  await expectAxeClean(admin);
  await form.getByRole("checkbox", { name: "Lärare" }).check();
  await form.getByRole("checkbox", { name: "Administration" }).check();
  await publish.click();
  await expect(slug).toHaveAccessibleDescription(/Adressen "gruppindelning" används redan av ett annat verktyg\./);
  await expect(form.getByText("Välj minst en kategori.")).toHaveCount(0);
  await expect(slug).toHaveValue("gruppindelning");
  await expect(form.getByRole("checkbox", { name: "Lärare" })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: "Administration" })).toBeChecked();
  // The refusal published nothing: the version still waits.
  await expect(admin.getByTestId("side-by-side-diff").first()).toContainText("Version 2 (granskas)");

  await slug.fill(`franvarokoll-${suffix}`);
  await publish.click();
  const done = admin.getByRole("status").filter({ hasText: "Version 2 är publicerad och verktyget syns nu i katalogen för alla lärare." });
  await expect(done).toBeVisible();
  await expect(admin.getByTestId("side-by-side-diff").first()).toContainText("Version 2 (aktiv)");
  await expect(form).toHaveCount(0);
  await expect(done.getByRole("link", { name: "Öppna verktyget i katalogen" })).toHaveAttribute("href", `/tools/franvarokoll-${suffix}`);

  // --- The teacher finds it in the Katalog and opens it.
  const teacher = await newPage(browser);
  await logInAndExpectCatalog(teacher, DEMO.user.email, DEMO.user.password);
  await teacher.getByLabel("Sök verktyg").fill(title);
  await teacher.getByLabel("Sök verktyg").press("Enter");
  await teacher.getByRole("link", { name: new RegExp(title) }).click();
  await expect(teacher.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  expect(new URL(teacher.url()).pathname).toBe(`/tools/franvarokoll-${suffix}`);
});

const profileLink = (page: Page) => page.getByRole("banner").getByRole("link", { name: /Min profil/ });

test("at 1280 px the name in the header leads to the profile from any page, by keyboard too", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await logInAndExpectCatalog(page, DEMO.user.email, DEMO.user.password);
  await mainNav(page).getByRole("link", { name: "Mina körningar" }).click();
  await expect(page.getByRole("heading", { name: "Mina körningar", level: 1 })).toBeVisible();
  const link = profileLink(page);
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute("href", "/profile");
  await expect(link).toContainText("Lärare");

  // Reached with Tab from the top of the page, opened with Enter.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect
    .poll(async () => {
      await page.keyboard.press("Tab");
      return page.evaluate(() => document.activeElement?.getAttribute("href"));
    }, { message: "Tab reaches the profile link", intervals: [0], timeout: 10_000 })
    .toBe("/profile");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Profil", level: 1 })).toBeVisible();
  await expect(profileLink(page)).toHaveAttribute("aria-current", "page");
});

test("at 390 px the profile is in Meny", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await logInAndExpectCatalog(page, DEMO.user.email, DEMO.user.password);
  await expect(profileLink(page)).toBeHidden();
  const menu = page.getByRole("button", { name: "Meny" });
  await expectHydrated(menu);
  await menu.click();
  await expect(profileLink(page)).toBeVisible();
  await expectAxeClean(page);
  await profileLink(page).click();
  await expect(page.getByRole("heading", { name: "Profil", level: 1 })).toBeVisible();
  // Navigating closed the menu; opened again, it marks where you are.
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(profileLink(page)).toHaveAttribute("aria-current", "page");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
