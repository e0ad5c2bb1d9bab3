import { expect, test } from "./fixtures";
import { catalogCardTitles, DEMO, expectHydrated, logInAndExpectCatalog } from "./support";

/**
 * Issue 10, "Search": a teacher types what comes to mind — no å/ä/ö, another word than the
 * tool's, a typo — and finds the tool first; on a phone the search field's hint is readable.
 */
test.beforeEach(async ({ page }) => {
  await logInAndExpectCatalog(page, DEMO.user.email, DEMO.user.password);
});

test("Katalog: search forgives missing å/ä/ö, other words and typos, best match first", async ({ page }) => {
  const search = page.getByRole("search", { name: "Sök och filtrera verktyg" });
  const field = search.getByRole("searchbox", { name: "Sök verktyg" });
  const cards = catalogCardTitles(page);
  await expectHydrated(search);

  const firstFor = async (query: string, title: string) => {
    await field.fill(query);
    await field.press("Enter");
    await expect(page).toHaveURL(new RegExp(`[?&]q=${query}(&|$)`));
    await expect(cards.first(), query).toHaveText(title);
  };
  await firstFor("narvaro", "Närvarolista");
  // Betyg och frånvaro comes too (frånvaro/närvaro), after the tool named for the word.
  await expect(cards).toHaveText(["Närvarolista", "Betyg och frånvaro – sammanställning"]);
  await firstFor("vardnadshavare", "Vårdnadshavares e-post till Bcc");
  await firstFor("mejl", "Vårdnadshavares e-post till Bcc");
  await firstFor("docx", "Markdown till Word");
  await firstFor("gruppindelnig", "Gruppindelning");
  await expect(page.getByText("Inga verktyg matchar din sökning")).toHaveCount(0);
});

test("Katalog: on a 390 px phone the search field's hint is not cut off", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/tools");
  const field = page.getByRole("searchbox", { name: "Sök verktyg" });
  await expect(field).toBeVisible();
  const fit = await field.evaluate((input: HTMLInputElement) => {
    const style = getComputedStyle(input);
    const context = document.createElement("canvas").getContext("2d")!;
    context.font = style.font;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { text: context.measureText(input.placeholder).width, room, placeholder: input.placeholder };
  });
  expect(fit.placeholder).not.toBe("");
  expect(fit.text, `"${fit.placeholder}" needs ${fit.text} px, the field has ${fit.room} px`).toBeLessThanOrEqual(fit.room);
});
