import crypto from "node:crypto";
import fs from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import postgres from "postgres";
import { DEMO_TOOLS } from "../../src/server/demo-tools/catalog";
import { catalogCardTitles, chooseFiles, DEMO, expectHydrated, logInAndExpectCatalog, mainNav, runSection, titleSuffix } from "./support";

/**
 * Issue 4 — Katalog, the tool page and KÖR, as a teacher does it: find a tool, upload files,
 * run it, read the result, download a file, follow up an interactive tool, meet a tool's own
 * error, cancel a slow run, and find it all again under Mina körningar.
 *
 * The tests share one teacher's run history (the last test lists what the others ran), so they
 * run in order and stop at the first failure.
 */
test.describe.configure({ mode: "serial" });

/** The e2e app's embedded Postgres (playwright.config.ts: EMBEDDED_POSTGRES_PORT=54349). */
const E2E_DATABASE_URL = "postgres://skriptoteket:skriptoteket-local@127.0.0.1:54349/skriptoteket";

const csv = (lines: string[]) => Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8");

// Two class lists from the school system. Lena Ek is guardian to a child in each class (once
// with capital letters), so she must appear only once in the Bcc line.
const CLASS_7A = {
  name: "klass-7a.csv",
  mimeType: "text/csv",
  buffer: csv([
    "Elev;Klass;Vårdnadshavare 1 e-post;Vårdnadshavare 2 e-post",
    "Anna Andersson;7A;maria.andersson@exempel.se;peter.andersson@exempel.se",
    "Bo Ek;7A;Lena.Ek@exempel.se;",
  ]),
};
const CLASS_7B = {
  name: "klass-7b.csv",
  mimeType: "text/csv",
  buffer: csv([
    "Elev;Klass;Vårdnadshavare 1 e-post;Vårdnadshavare 2 e-post",
    "Cecilia Ek;7B;lena.ek@exempel.se;",
    "David Öberg;7B;omar.oberg@exempel.se;sara.oberg@exempel.se",
  ]),
};

/** What the tool should make of the two lists: every address once, lower case, in file order. */
function expectedBccLine(files: { buffer: Buffer }[]): { line: string; unique: number; duplicates: number; students: number } {
  const seen: string[] = [];
  let duplicates = 0;
  let students = 0;
  for (const file of files) {
    const [header, ...rows] = file.buffer.toString("utf8").trim().split(/\r?\n/);
    const emailColumns = header!.split(";").flatMap((column, index) => (/e-post/i.test(column) ? [index] : []));
    for (const row of rows) {
      students++;
      const cells = row.split(";");
      for (const index of emailColumns) {
        const address = (cells[index] ?? "").trim().toLowerCase();
        if (!address) continue;
        if (seen.includes(address)) duplicates++;
        else seen.push(address);
      }
    }
  }
  return { line: seen.join("; "), unique: seen.length, duplicates, students };
}

/** Set by the slow-run test, listed again by the Mina körningar test. A suffix keeps repeated rounds apart. */
let slowToolTitle = "";
const SLOW_TOOL_SOURCE = `import time


def run_tool(input_dir, output_dir):
    time.sleep(60)
    return {"outputs": [{"kind": "markdown", "markdown": "Klar efter en minut."}]}
`;

/**
 * The demo bank has no slow tool, so the test publishes one straight into the e2e database:
 * a tool, its active version, taxonomy and maintainer, owned by the demo admin.
 */
async function withE2eDatabase<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(E2E_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/** The Katalog's full length: the demo bank plus whatever other tests (or --repeat-each rounds) published. */
async function publishedToolCount(): Promise<number> {
  return withE2eDatabase(async (sql) => {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from tools where is_published and active_version_id is not null`;
    return row!.n;
  });
}

async function publishSlowTool(): Promise<{ slug: string; title: string }> {
  const suffix = titleSuffix();
  const slug = `langsam-${suffix}`;
  const title = `Långsam sammanställning ${suffix}`;
  return withE2eDatabase((sql) =>
    sql.begin(async (tx) => {
      const [admin] = await tx<{ id: string }[]>`select id from users where email = ${DEMO.admin.email}`;
      if (!admin) throw new Error("the demo admin is missing from the e2e database");
      const [tool] = await tx<{ id: string }[]>`
        insert into tools (slug, title, summary, owner_id, is_published)
        values (${slug}, ${title}, 'Tar en minut på sig (för test av Avbryt).', ${admin.id}, true)
        returning id`;
      const hash = crypto.createHash("sha256").update(SLOW_TOOL_SOURCE).digest("hex");
      const [version] = await tx<{ id: string }[]>`
        insert into tool_versions (tool_id, version_number, state, source_code, entrypoint, input_schema, settings_schema,
                                   usage_instructions, content_hash, created_by, published_by, published_at)
        values (${tool!.id}, 1, 'active', ${SLOW_TOOL_SOURCE}, 'run_tool', '[]'::jsonb, '[]'::jsonb,
                '', ${hash}, ${admin.id}, ${admin.id}, now())
        returning id`;
      await tx`update tools set active_version_id = ${version!.id} where id = ${tool!.id}`;
      await tx`insert into tool_maintainers (tool_id, user_id) values (${tool!.id}, ${admin.id})`;
      await tx`insert into tool_professions (tool_id, profession_slug) values (${tool!.id}, 'larare')`;
      await tx`insert into tool_categories (tool_id, category_slug) values (${tool!.id}, 'ovrigt')`;
      return { slug, title };
    }),
  );
}

async function openTool(page: Page, title: string) {
  await mainNav(page).getByRole("link", { name: "Katalog" }).click();
  await page.getByRole("link", { name: new RegExp(`^${title}`) }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  // The cards are plain links (a full page load): let the form come alive before using it.
  await expectHydrated(page.getByRole("form", { name: "Kör verktyget" }));
}

test.beforeEach(async ({ page }) => {
  await logInAndExpectCatalog(page, DEMO.user.email, DEMO.user.password);
});

test("Katalog: search and filters narrow the list; an impossible combination says so and Visa alla verktyg restores", async ({ page }) => {
  const cards = catalogCardTitles(page);
  const search = page.getByRole("search", { name: "Sök och filtrera verktyg" });
  const count = page.getByText(/^\d+ verktyg( matchar)?$/);
  const total = await publishedToolCount();
  expect(total).toBeGreaterThanOrEqual(DEMO_TOOLS.length);
  await expectHydrated(search);
  await expect(cards).toHaveCount(total);
  await expect(count).toHaveText(`${total} verktyg`);

  // Search: type and press Enter, as a teacher does.
  await search.getByRole("searchbox", { name: "Sök verktyg" }).fill("Bcc");
  await search.getByRole("searchbox", { name: "Sök verktyg" }).press("Enter");
  await expect(cards).toHaveText(["Vårdnadshavares e-post till Bcc"]);
  await expect(count).toHaveText("1 verktyg matchar");
  await expect(page).toHaveURL(/[?&]q=Bcc\b/);
  await expect(page.getByRole("heading", { name: "Gruppindelning" })).toHaveCount(0);

  // The Sök button does the same for another word (case does not matter).
  await search.getByRole("searchbox", { name: "Sök verktyg" }).fill("GRUPP");
  await search.getByRole("button", { name: "Sök" }).click();
  await expect(cards).toHaveText(["Gruppindelning"]);

  // Filters apply at once. Clear the search first.
  await search.getByRole("searchbox", { name: "Sök verktyg" }).fill("");
  await search.getByRole("searchbox", { name: "Sök verktyg" }).press("Enter");
  await expect(cards).toHaveCount(total);

  // A chip is a label around a visually hidden checkbox: the teacher clicks the chip's text.
  const yrke = search.getByRole("group", { name: "Yrke" });
  const kategori = search.getByRole("group", { name: "Kategori" });
  await yrke.getByText("Specialpedagog", { exact: true }).check();
  await expect(yrke.getByRole("checkbox", { name: "Specialpedagog" })).toBeChecked();
  await expect(cards).toHaveText(["Betyg och frånvaro – sammanställning", "Gruppindelning"]);
  await expect(count).toHaveText("2 verktyg matchar");
  await expect(page).toHaveURL(/[?&]yrke=specialpedagog\b/);

  // Two filters combine: a specialpedagog's administration tools.
  await kategori.getByText("Administration", { exact: true }).check();
  await expect(kategori.getByRole("checkbox", { name: "Administration" })).toBeChecked();
  await expect(cards).toHaveText(["Betyg och frånvaro – sammanställning"]);
  await expect(count).toHaveText("1 verktyg matchar");
  await expect(page).toHaveURL(/yrke=specialpedagog.*kategori=administration/);

  // No specialpedagog tool is in Övrigt: the empty state, with a way back.
  await kategori.getByText("Administration", { exact: true }).uncheck();
  await kategori.getByText("Övrigt", { exact: true }).check();
  await expect(page.getByText("Inga verktyg matchar din sökning")).toBeVisible();
  await expect(cards).toHaveCount(0);
  await expect(count).toHaveText("0 verktyg matchar");

  await page.getByRole("link", { name: "Visa alla verktyg" }).click();
  await expect(page).toHaveURL(/\/tools$/);
  await expect(cards).toHaveCount(total);
  await expect(page.getByText("Inga verktyg matchar din sökning")).toHaveCount(0);
});

test("Katalog: Visa alla verktyg also clears the ticked filter chips", async ({ page }) => {
  // The chips follow the URL: a client-side navigation keeps the mounted form, which once kept
  // stale ticks while the list showed every tool.
  const search = page.getByRole("search", { name: "Sök och filtrera verktyg" });
  await expectHydrated(search);
  await search.getByRole("group", { name: "Yrke" }).getByText("Specialpedagog", { exact: true }).check();
  await search.getByRole("group", { name: "Kategori" }).getByText("Övrigt", { exact: true }).check();
  await expect(page.getByText("Inga verktyg matchar din sökning")).toBeVisible();
  await page.getByRole("link", { name: "Visa alla verktyg" }).click();
  await expect(catalogCardTitles(page)).toHaveCount(await publishedToolCount());
  await expect(search.getByRole("checkbox", { checked: true })).toHaveCount(0, { timeout: 2_000 });
});

test("two class lists → KÖR (by keyboard) → de-duplicated Bcc line, a table, and the .txt download", async ({ page }) => {
  const expected = expectedBccLine([CLASS_7A, CLASS_7B]);
  expect(expected).toEqual({
    line: "maria.andersson@exempel.se; peter.andersson@exempel.se; lena.ek@exempel.se; omar.oberg@exempel.se; sara.oberg@exempel.se",
    unique: 5,
    duplicates: 1,
    students: 4,
  });

  await openTool(page, "Vårdnadshavares e-post till Bcc");
  const form = page.getByRole("form", { name: "Kör verktyget" });
  await expect(form.getByText("Filtyper: .csv, .xlsx, .txt · upp till 10 filer")).toBeVisible();

  // One class at a time, as they sit in different folders: the second adds to the first.
  await chooseFiles(page, form.getByRole("button", { name: "Välj filer" }), [CLASS_7A]);
  await chooseFiles(page, form.getByRole("button", { name: "Välj filer" }), [CLASS_7B]);
  const chosen = form.getByRole("list", { name: "Valda filer" }).getByRole("listitem");
  await expect(chosen).toHaveText([`klass-7a.csv (${CLASS_7A.buffer.length} byte)Ta bort`, `klass-7b.csv (${CLASS_7B.buffer.length} byte)Ta bort`]);

  // Keyboard: from the file button, Tab through the chosen files and the options to KÖR.
  await form.getByRole("button", { name: "Välj filer" }).focus();
  const tabStops = [
    form.getByRole("button", { name: "Ta bort klass-7a.csv" }),
    form.getByRole("button", { name: "Ta bort klass-7b.csv" }),
    form.getByRole("radio", { name: "Semikolon ; (Outlook)" }),
    form.getByRole("checkbox", { name: "Ta med elevernas egna adresser" }),
    form.getByRole("button", { name: "KÖR" }),
  ];
  for (const stop of tabStops) {
    await page.keyboard.press("Tab");
    await expect(stop).toBeFocused();
  }
  await page.keyboard.press("Enter");

  const run = runSection(page);
  await expect(run).toBeVisible();
  await expect(run).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(run.getByRole("status").first()).toContainText("Klar");
  await expect(form.getByRole("button", { name: "KÖR" })).toBeEnabled();

  // The tool's summary: 5 unique addresses for 4 pupils from 2 files, 1 duplicate removed.
  await expect(run.getByText(`${expected.unique} unika adresser till vårdnadshavare för ${expected.students} elever från 2 filer.`)).toBeVisible();
  await expect(run.getByText(`${expected.duplicates} dubblett togs bort`)).toBeVisible();

  // Markdown: the heading and the Bcc line in its code block.
  await expect(run.getByRole("heading", { name: "Klistra in i fältet Bcc (hemlig kopia)" })).toBeVisible();
  await expect(run.locator("pre")).toHaveText(expected.line);
  // Kopiera puts exactly that line on the clipboard.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await run.getByRole("button", { name: "Kopiera" }).click();
  await expect(run.getByRole("button", { name: "Kopierat ✓" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected.line);

  // Table: one row per pupil; the siblings share Lena Ek's address.
  const table = run.getByRole("table", { name: "Adresser per elev" });
  await expect(table.getByRole("columnheader")).toHaveText([/^Elev/, /^Klass/, /^Vårdnadshavares e-post/, /^Antal/]);
  const rows = table.getByRole("row");
  await expect(rows).toHaveCount(1 + expected.students);
  await expect(rows.filter({ hasText: "Bo Ek" })).toContainText("lena.ek@exempel.se");
  await expect(rows.filter({ hasText: "Cecilia Ek" })).toContainText("lena.ek@exempel.se");
  await expect(rows.filter({ hasText: "David Öberg" })).toContainText("omar.oberg@exempel.se, sara.oberg@exempel.se");
  // Sorting by a column header works from the result too.
  await table.getByRole("button", { name: "Elev" }).click();
  await expect(table.getByRole("columnheader", { name: "Elev" })).toHaveAttribute("aria-sort", "ascending");

  // On a phone the long Bcc line scrolls in its box: the page itself never gets wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 720 });

  // Download the .txt and compare its bytes with what the lists should give.
  await expect(run.getByRole("heading", { name: "Filer att ladda ner" })).toBeVisible();
  const link = run.getByRole("link", { name: "bcc-adresser.txt" });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("bcc-adresser.txt");
  const bytes = await fs.readFile((await download.path())!);
  expect(bytes.equals(Buffer.from(`${expected.line}\n`, "utf8"))).toBe(true);
  // One file only: no zip link.
  await expect(run.getByRole("link", { name: "Ladda ner alla som zip" })).toHaveCount(0);
});

test("Slumpa elev: KÖR, then Dra nästa elev twice draws two different pupils and the history grows", async ({ page }) => {
  const pupils = ["Alva Berg", "Bilal Hassan", "Cornelia Lind", "Dino Kovač"];
  await openTool(page, "Slumpa elev");
  const form = page.getByRole("form", { name: "Kör verktyget" });
  await form.getByLabel("… eller klistra in namnen").fill(pupils.join("\n"));
  await form.getByRole("button", { name: "KÖR" }).click();

  const run = runSection(page);
  await expect(run.getByText(`${pupils.length} elever i potten (från inklistrad lista).`, { exact: false })).toBeVisible({ timeout: 30_000 });
  await expect(run.getByRole("table", { name: "Klasslistan" }).getByRole("row")).toHaveCount(1 + pupils.length);

  const drawn: string[] = [];
  for (const round of [1, 2]) {
    await run.getByRole("button", { name: "Dra nästa elev" }).click();
    // The follow-up is a new run; its own result replaces the previous one.
    await expect(run.getByText(`Dragning ${round} av ${pupils.length} · ${pupils.length - round} kvar i potten.`)).toBeVisible({ timeout: 30_000 });
    await expect(run).toHaveAttribute("data-status", "succeeded");
    const name = ((await run.getByRole("heading", { level: 3 }).first().textContent()) ?? "").replace("🎯", "").trim();
    expect(pupils).toContain(name);
    drawn.push(name);
    // History: everyone drawn so far, in order.
    await expect(run.getByText("Dragna hittills:")).toBeVisible();
    await expect(run.getByRole("listitem").filter({ hasText: new RegExp(`^(${pupils.join("|")})$`) })).toHaveText(drawn);
    await expect(run.getByText(`Kvar i potten (${pupils.length - round}):`)).toBeVisible();
    await expect(run.getByRole("button", { name: "Börja om" })).toBeVisible();
    // Focus follows the new result, so a keyboard user goes on from there.
    await expect(run).toBeFocused();
  }
  expect(new Set(drawn).size).toBe(2);

  // Back another time: the tool offers to pick up where the teacher left off.
  await page.reload();
  await expect(runSection(page)).toHaveCount(0);
  await expectHydrated(page.getByRole("button", { name: "Fortsätt där du slutade" }));
  await page.getByRole("button", { name: "Fortsätt där du slutade" }).click();
  await expect(run.getByRole("listitem").filter({ hasText: new RegExp(`^(${pupils.join("|")})$`) })).toHaveText(drawn);
  await expect(run.getByRole("button", { name: "Dra nästa elev" })).toBeVisible();
});

test("a tool's own error is shown in plain Swedish, without a stack trace or logs", async ({ page }) => {
  await openTool(page, "Gruppindelning");
  const form = page.getByRole("form", { name: "Kör verktyget" });
  const file = { name: "personnummer.csv", mimeType: "text/csv", buffer: csv(["Personnummer;Klass", "20120101-1234;7B", "20120202-2345;7B"]) };
  await chooseFiles(page, form.getByRole("button", { name: "Välj fil" }), [file]);
  await form.getByRole("button", { name: "KÖR" }).click();

  const run = runSection(page);
  await expect(run).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
  await expect(run.getByRole("status").first()).toContainText("Misslyckades");
  const problem = run.getByRole("alert");
  await expect(problem.getByRole("heading", { name: "Verktyget stötte på ett problem" })).toBeVisible();
  await expect(problem).toContainText(
    "Hittar ingen kolumn med elevernas namn i personnummer.csv. Döp kolumnen till 'Namn' eller 'Elev' " +
      "(eller använd två kolumner: 'Förnamn' och 'Efternamn'). Första raden i filen innehåller: 'Personnummer', 'Klass'.",
  );
  await expect(run).not.toContainText("Traceback");
  await expect(run).not.toContainText("ToolUserError");
  await expect(run).not.toContainText(/\.py", line \d+/);
  await expect(page.getByText(/stdout|stderr|Utskrift/)).toHaveCount(0);
  await expect(run.getByRole("heading", { name: "Filer att ladda ner" })).toHaveCount(0);
  // The form is still there, with the file, to try again.
  await expect(form.getByRole("list", { name: "Valda filer" })).toContainText("personnummer.csv");
});

test("a slow run shows its running time and stops at once on Avbryt körningen", async ({ page }) => {
  const { slug, title } = await publishSlowTool();
  slowToolTitle = title;
  await page.reload();
  await openTool(page, title);
  expect(page.url()).toContain(`/tools/${slug}`);
  const form = page.getByRole("form", { name: "Kör verktyget" });
  await form.getByRole("button", { name: "KÖR" }).click();

  const run = runSection(page);
  await expect(run).toHaveAttribute("data-status", "running", { timeout: 30_000 });
  await expect(run.getByRole("status").first()).toContainText("Körs");
  // The elapsed seconds tick.
  await expect(run.getByText(/Verktyget körs… [1-9]\d* s/)).toBeVisible({ timeout: 5_000 });

  await run.getByRole("button", { name: "Avbryt körningen" }).click();
  await expect(run).toHaveAttribute("data-status", "cancelled", { timeout: 10_000 });
  await expect(run.getByRole("status").first()).toContainText("Avbruten");
  await expect(run.getByRole("heading", { name: "Körningen avbröts" })).toBeVisible();
  await expect(run.getByRole("button", { name: /Avbryt/ })).toHaveCount(0);
  await expect(run.getByText("Klar efter en minut.")).toHaveCount(0);
});

test("Mina körningar lists every run newest first; a run opens with its result and Kör igen runs it again", async ({ page }) => {
  await mainNav(page).getByRole("link", { name: "Mina körningar" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mina körningar" })).toBeVisible();
  const table = page.getByRole("table", { name: "Mina körningar" });
  await expect(table.getByRole("columnheader")).toHaveText(["Verktyg", "Status", "När", "Tid", "Filer", "Ta bort"]);
  const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
  // This file's runs, newest first, on top (earlier rounds of --repeat-each may follow).
  const newestRuns = [
    new RegExp(`^${slowToolTitle}Avbruten.*–Ta bort$`),
    /^GruppindelningMisslyckades.*personnummer\.csvTa bort$/,
    /^Slumpa elev\s*\(uppföljning: Dra nästa elev\)Klar.*–Ta bort$/,
    /^Slumpa elev\s*\(uppföljning: Dra nästa elev\)Klar.*–Ta bort$/,
    /^Slumpa elevKlar.*–Ta bort$/,
    /^Vårdnadshavares e-post till BccKlar.*klass-7a\.csv, klass-7b\.csvTa bort$/,
  ];
  for (const [index, expected] of newestRuns.entries()) await expect(rows.nth(index)).toHaveText(expected);
  const listed = await rows.count();

  // A follow-up says what was chosen and leads back, step by step, to the run it followed.
  // Each step waits for the next page's address: the old page's text would satisfy the checks too.
  const openFrom = async (link: ReturnType<Page["getByRole"]>) => {
    const before = page.url();
    await link.click();
    await page.waitForURL((url) => url.toString() !== before);
  };
  await openFrom(rows.nth(2).getByRole("link", { name: "Slumpa elev" }));
  const followUp = page.getByRole("heading", { name: "Uppföljning" }).locator("..");
  await expect(followUp).toContainText("Du valde Dra nästa elev efter en tidigare körning.");
  await openFrom(followUp.getByRole("link", { name: "Visa körningen före" }));
  await expect(followUp).toContainText("Du valde Dra nästa elev");
  await openFrom(followUp.getByRole("link", { name: "Visa körningen före" }));
  await expect(page.getByRole("heading", { name: "Uppföljning" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Dina val" }).locator("..")).toContainText("Alva Berg");
  // An older result's buttons would only be refused: it leads to the latest instead.
  await expect(runSection(page).getByRole("button", { name: "Dra nästa elev" })).toHaveCount(0);
  await openFrom(runSection(page).getByRole("link", { name: "Fortsätt från den senaste körningen" }));
  await expect(page.getByRole("heading", { name: "Uppföljning" })).toBeVisible();
  await expect(runSection(page).getByRole("button", { name: "Dra nästa elev" })).toBeVisible();
  await page.getByRole("link", { name: "← Mina körningar" }).click();

  await table.getByRole("link", { name: "Vårdnadshavares e-post till Bcc" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Vårdnadshavares e-post till Bcc" })).toBeVisible();
  const firstUrl = page.url();
  expect(firstUrl).toMatch(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Filer du laddade upp" }).locator("..").getByRole("listitem")).toHaveText([
    `klass-7a.csv (${CLASS_7A.buffer.length} byte)`,
    `klass-7b.csv (${CLASS_7B.buffer.length} byte)`,
  ]);
  const run = runSection(page);
  await expect(run).toHaveAttribute("data-status", "succeeded");
  await expect(run.getByRole("table", { name: "Adresser per elev" }).getByRole("row")).toHaveCount(5);
  await expect(run.getByRole("link", { name: "bcc-adresser.txt" })).toBeVisible();

  await expectHydrated(page.getByRole("button", { name: "Kör igen" }));
  await page.getByRole("button", { name: "Kör igen" }).click();
  await expect(page).not.toHaveURL(firstUrl);
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(run).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(run.getByText("5 unika adresser till vårdnadshavare för 4 elever från 2 filer.")).toBeVisible();
  await expect(run.getByRole("table", { name: "Adresser per elev" }).getByRole("row")).toHaveCount(5);

  // The new run is at the top of the list.
  await page.getByRole("link", { name: "← Mina körningar" }).click();
  await expect(rows).toHaveCount(listed + 1);
  await expect(rows.first()).toHaveText(/^Vårdnadshavares e-post till BccKlar.*klass-7a\.csv, klass-7b\.csvTa bort$/);
});
