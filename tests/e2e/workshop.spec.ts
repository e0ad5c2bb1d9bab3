/**
 * The contributor's workshop (issue 11), tried as people would: a contributor writes an
 * interactive tool and TESTKÖRs it through two follow-up steps, saves, compares and submits it;
 * an admin sees the TESTKÖR evidence on the review page and runs the version there. Also: the
 * editor lets keyboard users out (Esc, then Tab) and the Testyta fits a 390 px phone.
 */
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createToolAsContributor, expectHydrated, openReviewAsAdmin, runSection, titleSuffix } from "./support";

const COUNTER = `from skriptoteket_toolkit import get_action_parts


def run_tool(input_dir, output_dir):
    action, data, state = get_action_parts()
    total = state.get("total", 0)
    if action == "add":
        total += int(data["amount"])
    return {
        "outputs": [{"kind": "notice", "level": "info", "message": f"Summa: {total}"}],
        "next_actions": [{"action_id": "add", "label": "Lägg till", "kind": "form", "fields": [{"kind": "integer", "name": "amount", "label": "Antal"}], "prefill": {"amount": 1}}],
        "state": {"total": total},
    }
`;

async function replaceEditorText(page: Page, editor: Locator, text: string) {
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
  await expect.poll(() => editor.evaluate((element) => (element as HTMLElement).innerText.replace(/\u00a0/g, " "))).toContain("get_action_parts");
}

/** One follow-up step: fill the tool's form in the latest result and wait for the next result. */
async function addStep(page: Page, amount: string, expected: string) {
  const form = runSection(page).getByRole("form", { name: "Lägg till" });
  await form.getByLabel("Antal").fill(amount);
  await form.getByRole("button", { name: "Lägg till" }).click();
  await expect(runSection(page).getByText(expected)).toBeVisible({ timeout: 60_000 });
  await expect(runSection(page)).toHaveAttribute("data-status", "succeeded");
}

test("a contributor TESTKÖRs an interactive tool through two follow-up steps; an admin sees the evidence and runs it on the review page", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const title = `Räknare ${titleSuffix()}`;

  await createToolAsContributor(page, title);
  const testyta = new URL(page.url()).pathname;

  // The editor's scroll area is a tab stop of its own, and Esc then Tab leaves the text.
  const editor = page.getByRole("textbox", { name: "Skript (Python)" });
  await expect(page.getByRole("region", { name: "Skript (Python), rullningsyta" })).toHaveAttribute("tabindex", "0");
  await replaceEditorText(page, editor, COUNTER);
  await page.keyboard.press("Tab");
  await expect(editor).toBeFocused();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  await expect(editor).not.toBeFocused();

  await page.getByRole("tab", { name: "Instruktioner" }).click();
  await page.getByLabel("Instruktioner (Markdown)").fill("Tryck **KÖR** och lägg till tal ett i taget.");

  // TESTKÖR the working copy, then two follow-up steps against it.
  const sandbox = page.getByRole("form", { name: "Testkör verktyget" });
  await sandbox.getByRole("button", { name: "TESTKÖR" }).click();
  await expect(runSection(page).getByText("Summa: 0")).toBeVisible({ timeout: 60_000 });
  await addStep(page, "2", "Summa: 2");
  await addStep(page, "3", "Summa: 5");
  await expect(runSection(page).getByText("Slutkod:")).toBeVisible();

  // Spara: Jämför now shows version 1 beside the new version 2.
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByTestId("save-state")).toHaveText("Allt är sparat (version 2)");
  await expect(page.getByLabel("Före").locator("option:checked")).toHaveText(/^Version 1/);
  await expect(page.getByLabel("Efter").locator("option:checked")).toHaveText(/^Version 2/);
  await page.getByLabel("Vad har ändrats i version 2?").fill("Räknar ihop talen.");
  await page.getByRole("button", { name: "Skicka för granskning" }).click();
  await expect(page.getByText("Version 2 är skickad för granskning.")).toBeVisible();

  // On a 390 px phone the Testyta fits the screen: nothing sticks out sideways.
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await page.context().storageState() })).newPage();
  await phone.goto(testyta);
  await expect(phone.getByRole("heading", { name: `Testyta: ${title}` })).toBeVisible();
  await expect(phone.getByRole("button", { name: "TESTKÖR" })).toBeVisible();
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // --- The admin: the review page shows the contributor's TESTKÖR of exactly version 2.
  const admin = await openReviewAsAdmin(browser, title, 2);
  const evidence = admin.getByTestId("review-evidence");
  await expect(evidence).toContainText("Klar");
  await expect(evidence).toContainText("Bo Bidragsgivare");
  await expect(evidence.getByRole("link", { name: "Visa testkörningen" })).toBeVisible();

  // The admin runs it there, with a follow-up step; the evidence is then the admin's run.
  const reviewRun = admin.getByRole("form", { name: "Testkör verktyget" }).getByRole("button", { name: "TESTKÖR" });
  await expectHydrated(reviewRun);
  await reviewRun.click();
  await expect(runSection(admin).getByText("Summa: 0")).toBeVisible({ timeout: 60_000 });
  await addStep(admin, "4", "Summa: 4");
  await expect(evidence).toContainText("Anna Admin");
  await evidence.getByRole("link", { name: "Visa testkörningen" }).click();
  await expect(runSection(admin).getByText("Summa: 4")).toBeVisible();
});
