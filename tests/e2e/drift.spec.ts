/**
 * Issue 12 — the Drift page: an admin sees a run that just happened (in the hour chart's text
 * alternative and among the week's tools), on a phone's width too; a plain user gets no Drift.
 */
import { expect, test } from "./fixtures";
import { DEMO, expectHydrated, logInAndExpectCatalog, runSection } from "./support";

test("an admin runs a tool and finds that run on the Drift page, at 390 px", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await logInAndExpectCatalog(page, DEMO.admin.email, DEMO.admin.password);
  await page.goto("/admin/drift");
  const summary = page.getByTestId("runs-per-hour-summary");
  const succeededBefore = Number(/(\d+) lyckades/.exec((await summary.textContent()) ?? "")?.[1] ?? 0);

  await page.goto("/tools");
  await page.getByRole("link", { name: /^Slumpa elev/ }).click();
  const form = page.getByRole("form", { name: "Kör verktyget" });
  await expectHydrated(form);
  await form.getByLabel("… eller klistra in namnen").fill("Alva Berg\nBilal Hassan");
  await form.getByRole("button", { name: "KÖR" }).click();
  await expect(runSection(page)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });

  await page.goto("/admin/users");
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Drift" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Drift" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Drift" })).toHaveAttribute("aria-current", "page");

  // The chart is one image with a name, described by the visible summary below it.
  const chart = page.getByRole("img", { name: "Körningar per timme, senaste 24 timmarna" });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute("aria-describedby", "runs-per-hour-summary");
  await expect(summary).toContainText(`${succeededBefore + 1} lyckades`);
  await expect(page.getByTestId("drift-slowest")).toContainText("Slumpa elev");
  await expect(page.getByRole("list", { name: "Arbetare" }).getByText("Igång")).toBeVisible();
  await expect(page.getByTestId("drift-queued")).toHaveText(/^\d+$/);
  await expect(page.getByRole("heading", { name: "Lagring" })).toBeVisible();
  await expect(page.getByText(/Filerna sparas i 7 dagar/)).toBeVisible();

  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("a plain user gets no Drift: no tab, and the page is refused", async ({ page }) => {
  await logInAndExpectCatalog(page, DEMO.user.email, DEMO.user.password);
  const response = await page.goto("/admin/drift");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Du har inte behörighet till den här sidan" })).toBeVisible();
  await expect(page.getByText("Körningar per timme")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Drift" })).toHaveCount(0);
});
