import crypto from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { Browser, Page } from "@playwright/test";
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { chooseFiles, DEMO, expectHydrated, logInAndExpectCatalog, mainNav, runSection } from "./support";

/**
 * Issue 10, part 1, as people use it: a teacher runs again on the files of the last run and
 * forgets them; a teacher suggests a tool, an admin accepts it, and the chosen contributor
 * finds the draft; the instructions are open until seen and open again when they change.
 */

/** The e2e app's embedded Postgres (playwright.config.ts: EMBEDDED_POSTGRES_PORT=54349). */
const E2E_DATABASE_URL = "postgres://skriptoteket:skriptoteket-local@127.0.0.1:54349/skriptoteket";

async function withE2eDatabase<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(E2E_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/** A new account of its own, so no other journey's runs or suggestions are in the way. */
async function newPerson(role: "user" | "contributor", name: string) {
  const email = `${role}-${crypto.randomBytes(5).toString("hex")}@skola.test`;
  const password = "ett-langt-losenord";
  const passwordHash = await hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  await withE2eDatabase((sql) => sql`insert into users (email, display_name, role, password_hash) values (${email}, ${name}, ${role}, ${passwordHash})`);
  return { email, password, name };
}

async function signedIn(browser: Browser, person: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logInAndExpectCatalog(page, person.email, person.password);
  return page;
}

const CLASS_7B = {
  name: "klass7b.csv",
  mimeType: "text/csv",
  buffer: Buffer.from("Elev;Klass;Vårdnadshavare 1 e-post\r\nCecilia Ek;7B;lena.ek@exempel.se\r\nDavid Öberg;7B;omar.oberg@exempel.se\r\n", "utf8"),
};

test("Sparade filer: a teacher runs again on the last run's files without choosing them, then forgets them", async ({ page }) => {
  const teacher = await newPerson("user", "Sara Lärare");
  await logInAndExpectCatalog(page, teacher.email, teacher.password);
  await page.goto("/tools/vardnadshavare-epost");
  const form = page.getByRole("form", { name: "Kör verktyget" });
  await expectHydrated(form);
  await expect(form.getByText(/Använd filerna från förra körningen/)).toHaveCount(0);
  await chooseFiles(page, form.getByRole("button", { name: "Välj filer" }), [CLASS_7B]);
  await form.getByRole("button", { name: "KÖR" }).click();
  await expect(runSection(page)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });

  // Another day: the files are offered, ticked; KÖR runs on them.
  await page.reload();
  await expectHydrated(form);
  const saved = form.getByRole("checkbox", { name: /Använd filerna från förra körningen: klass7b\.csv/ });
  await expect(saved).toBeChecked();
  // Until which day: counted from the upload, and a run made with them loses its result on the same day.
  await expect(form.getByText(/^Filerna sparas till \d{1,2} [a-zé]+; då tas de och resultaten av körningar med dem bort\.$/)).toBeVisible();
  await form.getByRole("button", { name: "KÖR" }).click();
  const run = runSection(page);
  await expect(run).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(run.getByText(/2 unika adresser/)).toBeVisible();

  // Glöm filerna: gone, and not offered again.
  await page.reload();
  await expectHydrated(form);
  await form.getByRole("button", { name: "Glöm filerna" }).click();
  await expect(form.getByRole("status").filter({ hasText: "Filerna från förra körningen är borttagna." })).toBeVisible();
  await page.reload();
  await expectHydrated(form);
  await expect(form.getByText(/Använd filerna från förra körningen/)).toHaveCount(0);
  await form.getByRole("button", { name: "KÖR" }).click();
  await expect(form.getByText("Välj en fil att köra verktyget på.").first()).toBeVisible();
});

test("Föreslå verktyg: a teacher suggests, an admin accepts with a contributor, who finds the draft under Mina verktyg", async ({ page, browser }) => {
  const suffix = crypto.randomBytes(3).toString("hex");
  const teacher = await newPerson("user", "Lina Lärare");
  const contributor = await newPerson("contributor", `Kim Bidrag ${suffix}`);
  await logInAndExpectCatalog(page, teacher.email, teacher.password);
  await mainNav(page).getByRole("link", { name: "Föreslå verktyg" }).click();
  const form = page.getByRole("form", { name: "Föreslå ett verktyg" });
  await expectHydrated(form);
  await form.getByRole("button", { name: "Skicka förslaget" }).click();
  await expect(form.getByText("Skriv ett namn på verktyget.")).toBeVisible();
  await form.getByLabel("Vad ska verktyget heta?").fill(`Frånvarolarm ${suffix}`);
  await form.getByLabel("Vad ska verktyget göra?").fill("Läser frånvaroexporten och visar elever över 15 % frånvaro.");
  await form.getByRole("checkbox", { name: "Lärare" }).check();
  await form.getByRole("checkbox", { name: "Mentorskap" }).check();
  await form.getByRole("button", { name: "Skicka förslaget" }).click();
  await expect(form.getByRole("status")).toContainText("Förslaget är skickat");
  const mine = page.getByRole("region", { name: "Mina förslag" });
  await expect(mine.getByRole("listitem").filter({ hasText: `Frånvarolarm ${suffix}` })).toContainText("Väntar på beslut");

  const admin = await signedIn(browser, DEMO.admin);
  await admin.goto("/admin/suggestions");
  const item = admin.getByRole("listitem", { name: `Frånvarolarm ${suffix}` });
  await expectHydrated(item.getByRole("button", { name: "Anta förslaget…" }));
  await item.getByRole("button", { name: "Anta förslaget…" }).click();
  await item.getByLabel("Verktygets namn").fill(`Frånvarolarm för mentorer ${suffix}`);
  await item.getByLabel("Vem ska underhålla verktyget?").selectOption({ label: `${contributor.name} (${contributor.email})` });
  await item.getByLabel(/Kommentar/).fill("Bra förslag, vi bygger det.");
  await item.getByRole("button", { name: "Anta och skapa utkast" }).click();
  await expect(item).toContainText("Antaget");
  await expect(item.getByRole("link", { name: /Öppna utkastet/ })).toBeVisible();

  const maintainer = await signedIn(browser, contributor);
  await mainNav(maintainer).getByRole("link", { name: "Mina verktyg" }).click();
  await expect(maintainer.getByRole("main").getByRole("link", { name: `Frånvarolarm för mentorer ${suffix}`, exact: true })).toBeVisible();

  await page.reload();
  await expect(mine.getByRole("listitem").filter({ hasText: `Frånvarolarm ${suffix}` })).toContainText("Antaget");
  await expect(mine).toContainText("Bra förslag, vi bygger det.");
});

test("Instructions: open until seen, folded after that, open again when the text changes", async ({ page }) => {
  const teacher = await newPerson("user", "Olle Lärare");
  await logInAndExpectCatalog(page, teacher.email, teacher.password);
  const instructions = page.locator("details").filter({ has: page.getByText("Så använder du verktyget") });
  await page.goto("/tools/slumpa-elev");
  await expect(instructions).toHaveAttribute("open", "");
  // The page tells the server once it has been shown; then the next visit starts folded.
  await expect.poll(async () => {
    await page.reload();
    return instructions.getAttribute("open");
  }).toBeNull();

  await withE2eDatabase(
    (sql) => sql`update tool_versions set usage_instructions = usage_instructions || ${"\n\nNytt: du kan välja hur många elever som dras."}
                 where id = (select active_version_id from tools where slug = 'slumpa-elev')`,
  );
  await page.reload();
  await expect(instructions).toHaveAttribute("open", "");
  await expect(instructions).toContainText("Nytt: du kan välja hur många elever som dras.");
});
