import { expect, test } from "./fixtures";
import { DEMO, expectHydrated, logInAndExpectCatalog, mainNav, runSection } from "./support";

/**
 * Issue 8 — Ta bort: a teacher runs a tool, then deletes the run from Mina körningar after
 * being asked; the run and its page are gone. The page says how long runs are kept.
 */
test("a teacher deletes a run from Mina körningar, after a confirmation", async ({ page }) => {
  await logInAndExpectCatalog(page, DEMO.user.email, DEMO.user.password);
  await mainNav(page).getByRole("link", { name: "Katalog" }).click();
  await page.getByRole("link", { name: /^Slumpa elev/ }).click();
  const form = page.getByRole("form", { name: "Kör verktyget" });
  await expectHydrated(form);
  await expect(page.getByTestId("retention-note")).toContainText("sparas i 7 dagar");
  await form.getByLabel("… eller klistra in namnen").fill("Alva Berg\nBilal Hassan");
  await form.getByRole("button", { name: "KÖR" }).click();
  await expect(runSection(page)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });

  await mainNav(page).getByRole("link", { name: "Mina körningar" }).click();
  await expect(page.getByTestId("retention-note")).toContainText("sparas i 7 dagar");
  const rows = page.getByRole("table", { name: "Mina körningar" }).getByRole("row").filter({ has: page.getByRole("cell") });
  const newest = rows.first();
  await expect(newest).toBeVisible();
  const before = await rows.count();
  const runUrl = await newest.getByRole("link", { name: "Slumpa elev" }).getAttribute("href");
  await expectHydrated(newest.getByRole("button", { name: "Ta bort" }));

  // The first press only asks; Avbryt keeps the run.
  await newest.getByRole("button", { name: "Ta bort" }).click();
  const question = newest.getByRole("group");
  await expect(question).toContainText("Det går inte att ångra.");
  await expect(question.getByRole("button", { name: "Ja, ta bort" })).toBeFocused();
  await question.getByRole("button", { name: "Avbryt" }).click();
  await expect(newest.getByRole("button", { name: "Ta bort" })).toBeFocused();
  await expect(rows).toHaveCount(before);

  await newest.getByRole("button", { name: "Ta bort" }).click();
  await newest.getByRole("button", { name: "Ja, ta bort" }).click();
  await expect(rows).toHaveCount(before - 1);
  await expect(page.locator(`a[href="${runUrl}"]`)).toHaveCount(0);
  const gone = await page.goto(runUrl!);
  expect(gone?.status()).toBe(404);
});
