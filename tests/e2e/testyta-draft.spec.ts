/**
 * The contributor's safety nets in the Testyta, tried as a new contributor would: the script
 * check flags mistakes while typing (before any TESTKÖR), a reload mid-edit offers the working
 * copy back beside the saved version, and leaving with unsaved changes asks first — by an
 * in-app link, by the Back button, and by reloading.
 */
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createToolAsContributor, expectHydrated, mainNav, titleSuffix } from "./support";

// Line 1 needs the network; line 4 lacks its colon.
const SCRIPT = `import requests


def run_tool(input_dir, output_dir)
    return {"outputs": [{"kind": "notice", "level": "info", "message": "Hej"}]}
`;

async function replaceEditorText(page: Page, editor: Locator, text: string) {
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
  await expect.poll(() => editor.evaluate((element) => (element as HTMLElement).innerText.replace(/\u00a0/g, " "))).toContain("def run_tool");
}

test("the script check, the restored working copy and the question before leaving", async ({ page }) => {
  test.setTimeout(120_000);
  const title = `Utkast ${titleSuffix()}`;
  const heading = await createToolAsContributor(page, title, "Provar utkast.");

  // The script check, while typing: nothing has been run.
  const editor = page.getByRole("textbox", { name: "Skript (Python)" });
  await replaceEditorText(page, editor, SCRIPT);
  const check = page.getByRole("region", { name: "Skriptkontroll" });
  await expect(check.getByRole("heading")).toHaveText("Skriptkontroll: 2 fel");
  await expect(check).toContainText("requests: verktyg har ingen nätverksåtkomst");
  await expect(check).toContainText("Syntaxfel på rad 4, kolumn 36: raden saknar kolon (:) på slutet.");
  await expect(page.locator(".cm-lint-marker-error")).toHaveCount(2);
  await check.getByRole("button", { name: "rad 4, kolumn 36" }).click();
  await expect(editor).toBeFocused();

  // The help beside the editor: every output kind with an example to copy.
  const help = page.getByRole("complementary", { name: "Hjälp: så skriver du ett verktyg" });
  await help.getByText("Det användaren ser (outputs)").click();
  await expect(help.getByTestId("help-kind-table")).toContainText('"kind": "table"');
  await expect(help.getByTestId("help-kind-table").getByRole("button", { name: "Kopiera" })).toBeVisible();

  // An in-app link asks first; staying keeps everything.
  await mainNav(page).getByRole("link", { name: "Mina verktyg" }).click();
  const leave = page.getByRole("dialog", { name: "Lämna Testytan utan att spara?" });
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Stanna kvar" }).click();
  await expect(leave).toBeHidden();
  await expect(heading).toBeVisible();
  // So does the Back button.
  await page.evaluate(() => window.history.back());
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Stanna kvar" }).click();
  await expect(heading).toBeVisible();

  // Reloading asks too (the browser's own question), then offers the working copy back.
  await expect.poll(() => page.evaluate(() => Object.keys(window.localStorage).filter((key) => key.startsWith("skriptoteket:draft:")).length)).toBe(1);
  const asked: string[] = [];
  page.on("dialog", (dialog) => {
    asked.push(dialog.type());
    void dialog.accept();
  });
  await page.reload();
  expect(asked).toEqual(["beforeunload"]);
  const offer = page.getByTestId("draft-offer");
  await expect(offer.getByRole("heading", { name: /^Återställ osparade ändringar från \d\d:\d\d\?$/ })).toBeVisible();
  await expect(offer).toContainText("Version 1 (sparad)");
  await expect(offer).toContainText("import requests");
  await expect(page.getByTestId("save-state")).toHaveText("Allt är sparat (version 1)");
  const restore = offer.getByRole("button", { name: "Återställ" });
  await expectHydrated(restore);
  await restore.click();
  await expect(offer).toHaveCount(0);
  await expect(page.getByTestId("save-state")).toHaveText("Osparade ändringar (bygger på version 1)");
  await expect(editor).toContainText("import requests");
  await expect(check).toContainText("requests: verktyg har ingen nätverksåtkomst");

  // Leaving anyway keeps the draft; coming back offers it, Släng forgets it for good.
  await mainNav(page).getByRole("link", { name: "Mina verktyg" }).click();
  await leave.getByRole("button", { name: "Lämna sidan" }).click();
  await expect(page.getByRole("heading", { name: "Mina verktyg", level: 1 })).toBeVisible();
  await page.goBack();
  await expect(offer).toBeVisible();
  await offer.getByRole("button", { name: "Släng" }).click();
  await expect(offer).toHaveCount(0);
  await expect(editor).not.toContainText("import requests");
  await page.reload();
  await expect(heading).toBeVisible();
  await expect(page.getByTestId("save-state")).toHaveText("Allt är sparat (version 1)");
  await expect(offer).toHaveCount(0);
});
