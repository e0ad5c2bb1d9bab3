import { hash } from "@node-rs/argon2";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import postgres from "postgres";
import { DEMO, expectHydrated, logIn, logInAndExpectCatalog, mainNav, uniqueEmail } from "./support";

/**
 * Issue 10, part 1 — the personal layer, as a new teacher meets it: Hem, a star in the Katalog
 * found again on Hem, the profile's password change ending the other session, and an admin
 * giving someone a new password.
 */

/** The e2e app's embedded Postgres (playwright.config.ts: EMBEDDED_POSTGRES_PORT=54349). */
const E2E_DATABASE_URL = "postgres://skriptoteket:skriptoteket-local@127.0.0.1:54349/skriptoteket";

/** A brand-new account, straight into the database (creating one through Admin is accounts.spec's journey). */
async function newTeacher(name: string, password: string) {
  const email = uniqueEmail(name.toLowerCase().split(" ")[0]!);
  const sql = postgres(E2E_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await sql`insert into users (email, display_name, role, password_hash) values (${email}, ${name}, 'user', ${await hash(password)})`;
  } finally {
    await sql.end();
  }
  return { email, password, name };
}

/** A version waiting for review (a tool outside the Katalog, so no other journey sees it). */
async function versionInReview() {
  const sql = postgres(E2E_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const [admin] = await sql`select id from users where email = ${DEMO.admin.email}`;
    const slug = `granskas-${Date.now().toString(36)}`;
    const [tool] = await sql`insert into tools (slug, title, owner_id) values (${slug}, 'Väntar på granskning (e2e)', ${admin!.id}) returning id`;
    await sql`insert into tool_versions (tool_id, version_number, state, source_code, content_hash, created_by, submitted_by, submitted_at)
      values (${tool!.id}, 1, 'in_review', 'def run_tool(i, o):
    return 1
', ${slug}, ${admin!.id}, ${admin!.id}, now())`;
  } finally {
    await sql.end();
  }
}

async function signedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logInAndExpectCatalog(page, email, password);
  return page;
}

test("a new teacher stars a tool in the Katalog and finds it on Hem", async ({ page }) => {
  const teacher = await newTeacher("Frida Ny", "frida-losen-1");
  await logInAndExpectCatalog(page, teacher.email, teacher.password);

  await mainNav(page).getByRole("link", { name: "Hem" }).click();
  await expect(page.getByRole("heading", { name: "Hem", level: 1 })).toBeVisible();
  const start = page.getByRole("region", { name: "Börja här" });
  await expect(start).toContainText("Välj ett verktyg");
  await expect(page.getByRole("region", { name: "Mina favoriter" })).toContainText("Inga favoriter ännu");

  await start.getByRole("link", { name: "Katalogen" }).click();
  const card = page.getByRole("main").getByRole("listitem").filter({ hasText: "Slumpa elev" });
  const star = card.getByRole("button", { name: "Lägg till i favoriter" });
  await expect(star).toBeEnabled(); // the browser has fetched this person's stars
  await expect(star).toHaveAttribute("aria-pressed", "false");
  await star.click();
  const starred = card.getByRole("button", { name: "Ta bort från favoriter" });
  await expect(starred).toHaveAttribute("aria-pressed", "true");

  // Bara favoriter: only the starred tool.
  await page.getByRole("checkbox", { name: "Bara favoriter" }).check();
  await expect(page).toHaveURL(/[?&]favoriter=1\b/);
  await expect(page.getByRole("main").getByRole("listitem").getByRole("heading", { level: 2 })).toHaveText(["Slumpa elev"]);

  await mainNav(page).getByRole("link", { name: "Hem" }).click();
  const favorites = page.getByRole("region", { name: "Mina favoriter" });
  await favorites.getByRole("link", { name: "Slumpa elev" }).click();
  await expect(page.getByRole("heading", { name: "Slumpa elev", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Ta bort från favoriter" })).toHaveAttribute("aria-pressed", "true");

  // Hem at 390 px: nothing wider than the screen.
  await page.goto("/");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("region", { name: "Mina favoriter" })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("a teacher changes the password on the profile: this browser stays signed in, the other one is signed out", async ({ page, browser }) => {
  const teacher = await newTeacher("Olle Byter", "olle-gammalt-1");
  await logInAndExpectCatalog(page, teacher.email, teacher.password);
  const otherComputer = await signedInPage(browser, teacher.email, teacher.password);

  await page.goto("/");
  await page.getByRole("link", { name: "Din profil och ditt lösenord" }).click();
  await expect(page.getByRole("heading", { name: "Profil", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "Byt lösenord" });
  await expectHydrated(form.getByRole("button", { name: "Byt lösenord" }));
  await form.getByLabel("Nuvarande lösenord").fill("fel-gissning");
  await form.getByLabel("Nytt lösenord", { exact: true }).fill("olle-nytt-22");
  await form.getByLabel("Nytt lösenord igen").fill("olle-nytt-22");
  await form.getByRole("button", { name: "Byt lösenord" }).click();
  await expect(form.getByLabel("Nuvarande lösenord")).toHaveAccessibleDescription("Det nuvarande lösenordet stämmer inte.");

  await form.getByLabel("Nuvarande lösenord").fill(teacher.password);
  await form.getByLabel("Nytt lösenord", { exact: true }).fill("olle-nytt-22");
  await form.getByLabel("Nytt lösenord igen").fill("olle-nytt-22");
  await form.getByRole("button", { name: "Byt lösenord" }).click();
  await expect(form.getByRole("status")).toContainText("Lösenordet är bytt");

  // This browser goes on; the other computer is at the login page on its next click.
  await mainNav(page).getByRole("link", { name: "Mina körningar" }).click();
  await expect(page.getByRole("heading", { name: "Mina körningar" })).toBeVisible();
  await otherComputer.reload();
  await expect(otherComputer).toHaveURL(/\/login/);
  await logIn(otherComputer, teacher.email, "olle-nytt-22");
  await expect(otherComputer.getByRole("heading", { name: "Katalog" })).toBeVisible();
});

test("an admin gives a teacher a new password after confirming, and sees the review count", async ({ page, browser }) => {
  const teacher = await newTeacher("Rut Glomsk", "rut-glomt-11");
  await versionInReview();
  const teachersOldSession = await signedInPage(browser, teacher.email, teacher.password);
  await logInAndExpectCatalog(page, DEMO.admin.email, DEMO.admin.password);
  await mainNav(page).getByRole("link", { name: "Admin" }).click();
  await page.getByLabel("Sök användare").fill(teacher.email);
  const row = page.getByTestId(`user-row-${teacher.email}`);
  await row.getByRole("button", { name: `Sätt nytt lösenord för ${teacher.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Sätt nytt lösenord för ${teacher.name}` });
  await expect(dialog).toContainText("loggas ut överallt");
  await dialog.getByLabel("Nytt lösenord").fill("kort");
  await dialog.getByRole("button", { name: "Sätt lösenordet" }).click();
  await expect(dialog.getByLabel("Nytt lösenord")).toHaveAccessibleDescription(/minst 8 tecken/);
  await dialog.getByLabel("Nytt lösenord").fill("rut-ny-start-5");
  await dialog.getByRole("button", { name: "Sätt lösenordet" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: `Nytt lösenord är satt för ${teacher.name}` })).toBeVisible();

  await teachersOldSession.reload();
  await expect(teachersOldSession).toHaveURL(/\/login/);
  await logIn(teachersOldSession, teacher.email, "rut-ny-start-5");
  await expect(teachersOldSession.getByRole("heading", { name: "Katalog" })).toBeVisible();

  // Hem for an admin: the review queue, with the same count beside Admin in the navigation.
  await mainNav(page).getByRole("link", { name: "Hem" }).click();
  const review = page.getByRole("region", { name: /väntar på granskning/ });
  await expect(review).toBeVisible();
  const heading = (await review.getByRole("heading", { level: 2 }).textContent()) ?? "";
  const count = Number(heading.match(/^\d+/)?.[0]);
  expect(count).toBeGreaterThanOrEqual(1);
  await expect(review.getByRole("link", { name: "Väntar på granskning (e2e), version 1" })).toBeVisible();
  await expect(mainNav(page).getByRole("link", { name: "Admin" })).toContainText(String(count));
});
