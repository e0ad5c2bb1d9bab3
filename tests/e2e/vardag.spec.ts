import postgres from "postgres";
import { expect, test } from "./fixtures";
import { chooseFiles, DEMO, expectHydrated, logInAndExpectCatalog, mainNav, runSection } from "./support";

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

// The e2e server's embedded Postgres (playwright.config.ts).
const DATABASE_URL = "postgres://skriptoteket:skriptoteket-local@127.0.0.1:54349/skriptoteket";

test("a tool that crashed: the teacher reads what happened, what to try and who to ask; the maintainer finds it in Mina verktyg", async ({ page, browser }) => {
  // A finished run as the worker stores it when the runner reports a crash (the contract's text kept).
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  const stderr = 'Traceback (most recent call last):\n  File "/work/script.py", line 9, in run_tool\nKeyError: \'Klass\'\n';
  const [row] = await sql`
    insert into tool_runs (tool_id, version_id, user_id, context, status, queued_at, started_at, finished_at, error_summary, stderr, exit_code)
    select t.id, t.active_version_id, u.id, 'production', 'failed', now(), now(), now(), 'Tool execution failed (KeyError).', ${stderr}, 1
    from tools t, users u where t.slug = 'gruppindelning' and u.email = ${DEMO.user.email}
    returning id`;
  await sql.end();

  await logInAndExpectCatalog(page, DEMO.user.email, DEMO.user.password);
  await page.goto(`/runs/${row!.id}`);
  const crash = page.getByTestId("crash-summary");
  await expect(crash.getByRole("heading", { name: "Verktyget kraschade" })).toBeVisible();
  await expect(crash).toContainText("kolumn");
  await expect(crash.getByRole("heading", { name: "Det här kan du prova" })).toBeVisible();
  await expect(crash).toContainText(/Hör av dig till den som underhåller verktyget: \S/);
  await expect(page.getByText("Tool execution failed")).toHaveCount(0);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await logInAndExpectCatalog(admin, DEMO.admin.email, DEMO.admin.password);
  await admin.goto("/my-tools");
  const failed = admin.getByTestId("my-tool-gruppindelning").getByTestId("failed-runs");
  await failed.getByText(/misslyckad/).click();
  await expect(failed).toContainText("Tool execution failed (KeyError).");
  await expect(failed.getByLabel("Felutskrift (traceback)")).toContainText("KeyError: 'Klass'");
});

test("at 1280 px a result uses the page's width: the wide table keeps its first column in view and the chart is shown once", async ({ page }) => {
  await logInAndExpectCatalog(page, DEMO.user.email, DEMO.user.password);
  await page.goto("/tools/betyg-och-franvaro");
  const form = page.getByRole("form", { name: "Kör verktyget" });
  await expectHydrated(form);
  const lines = ["Elev;Ämne;Betyg;Frånvaro (%)", "Ada Lovelace;Matematik;A;2", "Grace Hopper;Matematik;F;22", "Alan Turing;Svenska;C;8"];
  await chooseFiles(page, form.getByRole("button", { name: "Välj fil" }), [{ name: "betyg.csv", mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8") }]);
  await form.getByRole("button", { name: "KÖR" }).click();
  const run = runSection(page);
  await expect(run).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  // Below the form, across the page (not its right half).
  const main = (await page.getByRole("main").boundingBox())!;
  expect((await run.boundingBox())!.width).toBeGreaterThan(main.width * 0.9);
  const table = run.getByRole("table").first();
  await expect(table.getByRole("columnheader").first()).toHaveCSS("position", "sticky");
  // The chart once (its PNG is a download, not a second picture).
  await expect(run.locator('[data-output-kind="image"]')).toHaveCount(0);
  await expect(run.locator('[data-output-kind="vega_lite"]')).toHaveCount(1);
});
