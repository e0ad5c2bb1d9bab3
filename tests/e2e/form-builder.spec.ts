/**
 * Forms without JSON: a contributor builds the form with the visual builder (a file field and
 * an enum), sees the live preview, keeps the visual state through broken JSON, saves, and the
 * form TESTKÖR then shows is the preview's: same labels, options and accepted file types.
 */
import type { Locator } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createToolAsContributor, titleSuffix } from "./support";

/** What a teacher sees of the form: its labels and legends, the options, the file types. */
async function formShape(form: Locator) {
  return {
    legend: await form.getByRole("radiogroup").locator("legend").innerText(),
    options: await form.getByRole("radiogroup").getByRole("radio").evaluateAll((radios) => radios.map((radio) => (radio as HTMLInputElement).labels?.[0]?.innerText)),
    accept: await form.locator('input[type="file"]').getAttribute("accept"),
    multiple: await form.locator('input[type="file"]').getAttribute("multiple"),
  };
}

test("a contributor builds a form without JSON and TESTKÖR shows the form the preview showed", async ({ page }) => {
  test.setTimeout(120_000);
  const title = `Formulär ${titleSuffix()}`;
  await createToolAsContributor(page, title);

  await page.getByRole("tab", { name: "Formulär (input_schema)" }).click();
  // The settings tab has a builder too (hidden): look inside the form tab only.
  const panel = page.getByRole("tabpanel", { name: "Formulär (input_schema)" });
  await expect(panel.getByRole("button", { name: "Visuellt", exact: true })).toHaveAttribute("aria-pressed", "true");
  const rows = panel.getByTestId("builder-field");
  const preview = panel.getByTestId("form-preview");

  // The starter's file field: CSV or text, up to 3 — not more than an upload takes.
  const file = rows.nth(0);
  await file.getByLabel("Tillåtna filtyper (valfritt)").fill(".csv, txt");
  await file.getByLabel("Högst antal filer").fill("999");
  await expect(file.getByText(/Högst \d+ filer per körning: det är uppladdningsgränsen\./)).toBeVisible();
  await expect(file.getByLabel("Högst antal filer")).toHaveAttribute("aria-invalid", "true");
  await file.getByLabel("Högst antal filer").fill("3");
  await expect(file.getByLabel("Högst antal filer")).not.toHaveAttribute("aria-invalid", "true");

  // An enum with two choices, added and moved above the files.
  await panel.getByLabel("Typ av nytt fält").selectOption({ label: "Val ur lista (ett)" });
  await panel.getByRole("button", { name: "Lägg till fält" }).click();
  const choice = rows.nth(1);
  await choice.getByLabel("Etikett").fill("Nivå");
  await choice.getByLabel("Namn (nyckel)").fill("2niva");
  await expect(choice.getByText(/Fältnamnet får bara innehålla/)).toBeVisible();
  await choice.getByLabel("Namn (nyckel)").fill("niva");
  await choice.getByLabel("Alternativ 1: text").fill("Grundläggande");
  await choice.getByLabel("Alternativ 1: värde").fill("grund");
  await choice.getByRole("button", { name: "Lägg till alternativ" }).click();
  await choice.getByLabel("Alternativ 2: text").fill("Fördjupad");
  await choice.getByLabel("Alternativ 2: värde").fill("fordjupad");
  await page.getByRole("button", { name: "Flytta upp fältet Nivå" }).click();
  await expect(rows.nth(0).locator("legend").first()).toContainText("Fält 1: Nivå");
  await expect(page.getByRole("button", { name: "Flytta ned fältet Nivå" })).toBeFocused();

  // On a 390 px phone the rows stack instead of spilling sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const row of await rows.all()) expect(await row.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 900 });

  // The live preview is the tool page's form.
  await expect(preview.getByRole("radiogroup", { name: "Nivå" }).getByRole("radio")).toHaveCount(2);
  await expect(preview.getByText("Filtyper: .csv, .txt")).toBeVisible();
  const previewed = await formShape(preview);
  expect(previewed).toMatchObject({ legend: "Nivå", options: ["Grundläggande", "Fördjupad"], accept: ".csv,.txt" });

  // The JSON view is in step; broken JSON shows its error and leaves the visual state alone.
  await panel.getByRole("button", { name: "JSON", exact: true }).click();
  const json = panel.getByLabel("Formulär (input_schema, JSON)");
  await expect(json).toHaveValue(/"fordjupad"/);
  const text = await json.inputValue();
  await json.fill(text.replace('"Fördjupad"', '"Fördjupad nivå"'));
  await json.press("End");
  await json.pressSequentially(",");
  await expect(panel.getByTestId("input-schema-error")).toContainText("ogiltig JSON");
  await panel.getByRole("button", { name: "Visuellt", exact: true }).click();
  await expect(panel.getByText("JSON-texten kan inte visas visuellt just nu")).toBeVisible();
  await expect(preview.getByRole("radio", { name: "Fördjupad nivå" })).toBeVisible();
  await panel.getByRole("button", { name: "JSON", exact: true }).click();
  await json.fill(text);
  await panel.getByRole("button", { name: "Visuellt", exact: true }).click();
  await expect(panel.getByText("JSON-texten kan inte visas visuellt just nu")).toHaveCount(0);
  await expect(preview.getByRole("radio", { name: "Fördjupad", exact: true })).toBeVisible();

  // Saved; the TESTKÖR form of the saved version is what the preview showed.
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByText("Sparat som version 2.")).toBeVisible();
  const sandbox = page.getByRole("form", { name: "Testkör verktyget" });
  await sandbox.getByLabel("Vad ska testköras?").selectOption({ label: "Version 2 – Utkast" });
  await expect(sandbox.getByRole("radiogroup", { name: "Nivå" })).toBeVisible();
  expect(await formShape(sandbox)).toEqual(previewed);
});
