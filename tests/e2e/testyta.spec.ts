/**
 * The life of a tool, tried as people would: a contributor writes it in the Testyta, makes and
 * fixes a syntax error with TESTKÖR, and submits it; an admin reviews the diff and publishes the
 * version and the tool; a teacher finds it in the Katalog and runs it on a file.
 */
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { chooseFiles, createToolAsContributor, DEMO, expectHydrated, logInAndExpectCatalog, mainNav, newPage, openReviewAsAdmin, publishToCatalogOnReview, runSection, titleSuffix } from "./support";

const CSV = Buffer.from("namn,klass\nAda Lovelace,7B\nAlan Turing,7B\nGrace Hopper,7C\n");
const csvFile = { name: "klasslista.csv", mimeType: "text/csv", buffer: CSV };

// Line 7 lacks its colon: the first TESTKÖR shows the syntax error with its line.
const BROKEN_SCRIPT = `import csv
import os

from skriptoteket_toolkit import list_input_files


def run_tool(input_dir, output_dir)
    files = list_input_files()
    with open(files[0]["path"], encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"Läste {len(rows)} elever")
    with open(os.path.join(output_dir, "namnlista.txt"), "w", encoding="utf-8") as out:
        out.write("\\n".join(row["namn"] for row in rows))
    return {
        "outputs": [
            {"kind": "notice", "level": "info", "message": f"{len(rows)} elever i listan."},
            {"kind": "table", "title": "Elever", "columns": [{"key": "namn", "label": "Namn"}, {"key": "klass", "label": "Klass"}], "rows": rows},
        ]
    }
`;
const FIXED_SCRIPT = BROKEN_SCRIPT.replace("def run_tool(input_dir, output_dir)\n", "def run_tool(input_dir, output_dir):\n");

const INPUT_SCHEMA = JSON.stringify([{ kind: "file", name: "lista", label: "Klasslista (CSV)", accept: [".csv"], min: 1, max: 1 }], null, 2);

/** Replaces everything in a CodeMirror editor, as a person pasting a script would. */
async function replaceEditorText(page: Page, editor: Locator, text: string) {
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
  await expect.poll(() => editor.evaluate((element) => (element as HTMLElement & { cmView?: unknown }).innerText.replace(/\u00a0/g, " "))).toContain("def run_tool");
}

test("a contributor writes and tests a tool, an admin publishes it, a teacher runs it", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const title = `Namnlista ${titleSuffix()}`;

  // --- The contributor: Mina verktyg → Nytt verktyg → Testyta.
  await createToolAsContributor(page, title, "Gör en namnlista av en klasslista.");
  await expect(page.getByText("Utkast", { exact: true }).first()).toBeVisible();
  await expect(page.getByTestId("save-state")).toHaveText("Allt är sparat (version 1)");

  // The form: one CSV file.
  await page.getByRole("tab", { name: "Formulär (input_schema)" }).click();
  await page.getByRole("button", { name: "JSON", exact: true }).click();
  const schema = page.getByLabel("Formulär (input_schema, JSON)");
  await schema.fill(INPUT_SCHEMA.replace('".csv"', '"csv"'));
  await expect(page.getByTestId("input-schema-error")).toHaveText("input_schema[0].accept[0]: Filtyper skrivs som .csv, .xlsx …");
  await schema.fill(INPUT_SCHEMA);
  await expect(page.getByTestId("input-schema-error")).toHaveCount(0);

  // The script, with a mistake in it.
  await page.getByRole("tab", { name: "Skript" }).click();
  const editor = page.getByRole("textbox", { name: "Skript (Python)" });
  await replaceEditorText(page, editor, BROKEN_SCRIPT);
  await expect(page.getByTestId("save-state")).toContainText("Osparade ändringar");

  // TESTKÖR the unsaved text with a file: the syntax error, with its line and a caret.
  const sandbox = page.getByRole("form", { name: "Testkör verktyget" });
  await expect(sandbox.getByLabel("Vad ska testköras?")).toHaveValue("editor");
  await chooseFiles(page, sandbox.getByRole("button", { name: "Välj fil" }), [csvFile]);
  await sandbox.getByRole("button", { name: "TESTKÖR" }).click();
  const run = runSection(page);
  await expect(run).toHaveAttribute("data-status", "failed", { timeout: 60_000 });
  await expect(run.getByRole("alert")).toContainText("SyntaxError: expected ':' (line 7");
  await expect(run.getByRole("alert")).toContainText("^");
  await expect(page.getByText("Felet finns på rad 7")).toBeVisible();
  await page.getByRole("button", { name: "Visa rad 7 i editorn" }).click();
  await expect(editor).toBeFocused();

  // Fixed: the table, the notice, the file to download, and the script's own output.
  await replaceEditorText(page, editor, FIXED_SCRIPT);
  // The mark belonged to the text that ran: fixed, it goes at once (the failed result stays, marked as older).
  await expect(page.getByText("Felet finns på rad 7")).toHaveCount(0);
  await expect(page.getByTestId("run-older-text")).toBeVisible();
  await sandbox.getByRole("button", { name: "TESTKÖR" }).click();
  await expect(runSection(page)).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  const result = runSection(page);
  await expect(result.getByText("3 elever i listan.")).toBeVisible();
  await expect(result.getByRole("cell", { name: "Grace Hopper" })).toBeVisible();
  await expect(result.getByText("Läste 3 elever")).toBeVisible();
  await expect(result.getByText("Körtid:")).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), result.getByRole("link", { name: "namnlista.txt" }).click()]);
  expect(download.suggestedFilename()).toBe("namnlista.txt");

  // Spara, then submit for review.
  // Real instructions: the template's placeholder text is refused on submission.
  await page.getByRole("tab", { name: "Instruktioner" }).click();
  await page.getByLabel("Instruktioner (Markdown)").fill("Välj klasslistan och tryck **KÖR**.");
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByText("Sparat som version 2.")).toBeVisible();
  await expect(page.getByTestId("save-state")).toHaveText("Allt är sparat (version 2)");
  await page.getByLabel("Vad har ändrats i version 2?").fill("Läser klasslistan och gör en namnlista.");
  await page.getByRole("button", { name: "Skicka för granskning" }).click();
  await expect(page.getByText("Version 2 är skickad för granskning.")).toBeVisible();
  await expect(page.getByTestId("version-row-2")).toContainText("Väntar på granskning");

  // Sandbox runs never show in Mina körningar.
  await mainNav(page).getByRole("link", { name: "Mina körningar" }).click();
  await expect(page.getByRole("heading", { name: "Mina körningar" })).toBeVisible();
  await expect(page.getByText(title)).toHaveCount(0);

  // --- The admin: Granskning → the diff → Publicera, then the Katalog entry.
  const admin = await openReviewAsAdmin(browser, title, 2);
  await expect(admin.getByRole("heading", { name: `${title} – version 2` })).toBeVisible();
  await expect(admin.getByText("Läser klasslistan och gör en namnlista.")).toBeVisible();
  const diff = admin.getByTestId("side-by-side-diff").first();
  await expect(diff).toContainText("Version 2 (granskas)");
  await expect(diff).toContainText("def run_tool(input_dir, output_dir):");
  // Not in the Katalog yet: Publicera settles its address and taxonomy and shows it, in one step.
  await publishToCatalogOnReview(admin, 2);
  await expect(diff).toContainText("Version 2 (aktiv)");
  await expect(admin.getByText("(granskas)")).toHaveCount(0);

  // --- The teacher: finds it in the Katalog and runs it.
  const teacher = await newPage(browser);
  await logInAndExpectCatalog(teacher, DEMO.user.email, DEMO.user.password);
  await teacher.getByLabel("Sök verktyg").fill(title);
  await teacher.getByLabel("Sök verktyg").press("Enter");
  await teacher.getByRole("link", { name: new RegExp(title) }).click();
  await expect(teacher.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await chooseFiles(teacher, teacher.getByRole("button", { name: "Välj fil" }), [csvFile]);
  const kor = teacher.getByRole("button", { name: "KÖR", exact: true });
  await expectHydrated(kor);
  await kor.click();
  const teacherRun = runSection(teacher);
  await expect(teacherRun).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(teacherRun.getByRole("cell", { name: "Ada Lovelace" })).toBeVisible();
  await expect(teacherRun.getByRole("link", { name: "namnlista.txt" })).toBeVisible();
  // A user never sees the script's raw output.
  await expect(teacherRun.getByText("Läste 3 elever")).toHaveCount(0);

  // --- The Testyta's own path (Admin › Verktyg) still works: the entry as saved, the Katalog checks.
  await admin.getByRole("link", { name: "Öppna Testytan" }).click();
  await expect(admin.getByRole("link", { name: "← Granskning" })).toBeVisible();
  await expect(admin.getByRole("heading", { name: `Testyta: ${title}` })).toBeVisible();
  const details = admin.getByRole("form", { name: "Uppgifter i katalogen" });
  await expect(details.getByLabel("Adress (slug)")).toBeDisabled();
  await expect(details.getByRole("checkbox", { name: "Lärare" })).toBeChecked();
  await expect(details.getByRole("checkbox", { name: "Administration" })).toBeChecked();
  // Avpublicera asks first, naming the tool.
  const depublish = admin.getByRole("button", { name: "Avpublicera" });
  await expectHydrated(depublish);
  await depublish.click();
  await expect(admin.getByText(`Avpublicera ${title}?`)).toBeVisible();
  await admin.getByRole("button", { name: `Ja, avpublicera ${title}` }).click();
  await expect(admin.getByText("Verktyget är avpublicerat")).toBeVisible();
  await expect(details.getByLabel("Adress (slug)")).toBeEnabled();
  // Unticked but not saved: named as unsaved, not as missing.
  await details.getByRole("checkbox", { name: "Lärare" }).uncheck();
  await admin.getByRole("button", { name: "Publicera i katalogen" }).click();
  await expect(admin.getByRole("alert").filter({ hasText: "utan att spara" })).toBeVisible();
  await details.getByRole("button", { name: "Spara uppgifterna" }).click();
  await expect(admin.getByText("Uppgifterna är sparade.")).toBeVisible();
  // Saved: now the stored entry is checked, and what it lacks is named. (The form counts as
  // unsaved until the refetch after Spara re-creates it, hence the retry.)
  await expect(async () => {
    await admin.getByRole("button", { name: "Publicera i katalogen" }).click();
    await expect(admin.getByRole("alert").filter({ hasText: "kan inte publiceras" })).toContainText("Det saknar minst en yrkesroll.", { timeout: 1_000 });
  }).toPass();
  // The saved message outlives the refetch that re-created the form with the stored values.
  await expect(details.getByText("Uppgifterna är sparade.")).toBeVisible();
  await expect(details.getByRole("checkbox", { name: "Lärare" })).not.toBeChecked();
});

test("a contributor cannot open the Testyta of a tool they do not maintain, and a plain user not at all", async ({ page, browser }) => {
  const admin = await newPage(browser);
  await logInAndExpectCatalog(admin, DEMO.admin.email, DEMO.admin.password);
  // A demo tool: owned and maintained by the admin, not by the demo contributor.
  await admin.goto("/admin/tools");
  await admin.getByTestId("my-tool-gruppindelning").getByRole("link", { name: "Öppna Testytan för Gruppindelning" }).click();
  await expect(admin.getByRole("heading", { name: "Testyta: Gruppindelning" })).toBeVisible();
  await expect(admin.getByRole("link", { name: "← Verktyg" })).toHaveAttribute("href", "/admin/tools");
  const testyta = new URL(admin.url()).pathname;

  await logInAndExpectCatalog(page, DEMO.contributor.email, DEMO.contributor.password);
  expect((await page.goto(testyta))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Sidan finns inte" })).toBeVisible();

  const teacher = await newPage(browser);
  await logInAndExpectCatalog(teacher, DEMO.user.email, DEMO.user.password);
  expect((await teacher.goto(testyta))?.status()).toBe(403);
});
