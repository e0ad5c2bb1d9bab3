import { expect, test } from "./fixtures";
import { DEMO, expectHydrated, logInAndExpectCatalog, mainNav } from "./support";

/** Issue 10 part 2: rough edges a new user hit. */

test("on a 390 px phone the header is one row with a Meny button that opens, closes on Escape and on navigation", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await logInAndExpectCatalog(page, DEMO.admin.email, DEMO.admin.password);
  const header = page.getByRole("banner");
  expect((await header.boundingBox())!.height).toBeLessThan(80);
  const menu = page.getByRole("button", { name: "Meny" });
  await expectHydrated(menu);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(mainNav(page).getByRole("link", { name: "Mina körningar" })).toBeHidden();

  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(mainNav(page).getByRole("link", { name: "Mina körningar" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();

  await menu.click();
  await mainNav(page).getByRole("link", { name: "Mina körningar" }).click();
  await expect(page.getByRole("heading", { name: "Mina körningar" })).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(mainNav(page).getByRole("link", { name: "Katalog" })).toBeHidden();

  // From md up there is no Meny button and the links are always there.
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(menu).toBeHidden();
  await expect(mainNav(page).getByRole("link", { name: "Katalog" })).toBeVisible();
});
