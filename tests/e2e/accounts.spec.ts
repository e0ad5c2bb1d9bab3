import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DEMO, logIn, logInThroughFormAndExpectCatalog, loginError, mainNav, newPage, uniqueEmail } from "./support";

async function createAccount(adminPage: Page, account: { name: string; email: string; role: string; password: string }) {
  await adminPage.goto("/admin/users");
  await adminPage.getByRole("button", { name: "Skapa konto" }).click();
  const form = adminPage.getByRole("form", { name: "Nytt konto" });
  await form.getByLabel("Namn").fill(account.name);
  await form.getByLabel("E-postadress").fill(account.email);
  await form.getByLabel("Roll").selectOption({ label: account.role });
  await form.getByLabel("Startlösenord").fill(account.password);
  await form.getByRole("button", { name: "Skapa konto" }).click();
  await expect(adminPage.getByText(`Kontot för ${account.email} är skapat.`)).toBeVisible();
}

test("an admin creates a contributor, who sees Mina verktyg but not Admin", async ({ page, browser }) => {
  await logInThroughFormAndExpectCatalog(page, DEMO.admin.email, DEMO.admin.password);
  await mainNav(page).getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Användare" })).toBeVisible();

  const email = uniqueEmail("karin");
  await createAccount(page, { name: "Karin Kodare", email, role: "Bidragsgivare", password: "hemligt-123" });
  await expect(page.getByTestId(`user-row-${email}`)).toContainText("Karin Kodare");
  // On a phone the user table scrolls in its box; the page stays as wide as the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 720 });

  const contributor = await newPage(browser);
  await logInThroughFormAndExpectCatalog(contributor, email, "hemligt-123");
  await expect(mainNav(contributor).getByRole("link", { name: "Mina verktyg" })).toBeVisible();
  await expect(mainNav(contributor).getByRole("link", { name: "Admin" })).toHaveCount(0);
  const response = await contributor.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(contributor.getByRole("heading", { name: "Du har inte behörighet till den här sidan" })).toBeVisible();
});

test("a plain user sees neither Mina verktyg nor Admin", async ({ page }) => {
  await logInThroughFormAndExpectCatalog(page, DEMO.user.email, DEMO.user.password);
  await expect(mainNav(page).getByRole("link", { name: "Mina körningar" })).toBeVisible();
  await expect(mainNav(page).getByRole("link", { name: "Mina verktyg" })).toHaveCount(0);
  expect((await page.goto("/my-tools"))?.status()).toBe(403);
});

test("wrong passwords lock the account for 15 minutes until an admin unlocks it", async ({ page, browser }) => {
  const admin = await newPage(browser);
  await logInThroughFormAndExpectCatalog(admin, DEMO.admin.email, DEMO.admin.password);
  const email = uniqueEmail("lasse");
  await createAccount(admin, { name: "Lasse Låst", email, role: "Användare", password: "ratt-losen-123" });

  for (let attempt = 1; attempt <= 4; attempt++) {
    await logIn(page, email, "fel-losenord");
    await expect(loginError(page)).toHaveText("Fel e-postadress eller lösenord.");
  }
  await logIn(page, email, "fel-losenord");
  await expect(loginError(page)).toContainText("Kontot är tillfälligt låst");
  await expect(loginError(page)).toContainText("15 minuter");
  // Even the right password is refused while locked.
  await logIn(page, email, "ratt-losen-123");
  await expect(loginError(page)).toContainText("Kontot är tillfälligt låst");

  await admin.goto("/admin/users");
  await admin.getByLabel("Sök användare").fill(email);
  const row = admin.getByTestId(`user-row-${email}`);
  await expect(row).toContainText("Låst till");
  await row.getByRole("button", { name: "Lås upp" }).click();
  await expect(admin.getByText("Kontot är upplåst.")).toBeVisible();

  await logInThroughFormAndExpectCatalog(page, email, "ratt-losen-123");
});

test("logout ends the session", async ({ page }) => {
  await logInThroughFormAndExpectCatalog(page, DEMO.user.email, DEMO.user.password);
  await page.getByRole("button", { name: "Logga ut" }).click();
  await expect(page.getByText("Du är utloggad.")).toBeVisible();
  await page.goto("/runs");
  await expect(page).toHaveURL(/\/login/);
});

test("deactivation ends an active session and demotion removes admin pages at once", async ({ page, browser }) => {
  const admin = await newPage(browser);
  await logInThroughFormAndExpectCatalog(admin, DEMO.admin.email, DEMO.admin.password);
  const userEmail = uniqueEmail("dora");
  const adminEmail = uniqueEmail("adam");
  await createAccount(admin, { name: "Dora Deaktiverad", email: userEmail, role: "Användare", password: "dora-losen-123" });
  await createAccount(admin, { name: "Adam Admin", email: adminEmail, role: "Administratör", password: "adam-losen-123" });

  // Deactivation: Dora's open session stops working on her next request.
  await logInThroughFormAndExpectCatalog(page, userEmail, "dora-losen-123");
  await admin.getByLabel("Sök användare").fill(userEmail);
  await admin.getByRole("button", { name: "Inaktivera Dora Deaktiverad" }).click();
  // A confirmation step naming the person; the confirm button has the focus.
  await expect(admin.getByText("Inaktivera kontot för Dora Deaktiverad?")).toBeVisible();
  await expect(admin.getByRole("button", { name: "Ja, inaktivera Dora Deaktiverad" })).toBeFocused();
  await admin.keyboard.press("Enter");
  await expect(admin.getByText("Kontot är inaktiverat och utloggat.")).toBeVisible();
  await page.goto("/runs");
  await expect(page).toHaveURL(/\/login/);
  await logIn(page, userEmail, "dora-losen-123");
  await expect(loginError(page)).toContainText("Kontot är inaktiverat");

  // Demotion: Adam, an admin with the admin page open, loses it on the next request.
  const adam = await newPage(browser);
  await logInThroughFormAndExpectCatalog(adam, adminEmail, "adam-losen-123");
  await adam.goto("/admin/users");
  await expect(adam.getByRole("heading", { name: "Användare" })).toBeVisible();
  await admin.getByLabel("Sök användare").fill(adminEmail);
  // One key press on the focused select changes nothing on the server: the role needs "Spara".
  const roleSelect = admin.getByLabel("Roll för Adam Admin");
  await roleSelect.focus();
  await admin.keyboard.press("ArrowUp");
  await expect(admin.getByRole("button", { name: /^Spara rollen/ })).toBeVisible();
  await admin.reload();
  await admin.getByLabel("Sök användare").fill(adminEmail);
  await expect(admin.getByLabel("Roll för Adam Admin")).toHaveValue("admin");
  await admin.getByLabel("Roll för Adam Admin").selectOption({ label: "Användare" });
  await admin.getByRole("button", { name: "Spara rollen användare för Adam Admin" }).click();
  await expect(admin.getByText("Rollen är ändrad till användare.")).toBeVisible();
  expect((await adam.goto("/admin/users"))?.status()).toBe(403);
  await expect(mainNav(adam).getByRole("link", { name: "Admin" })).toHaveCount(0);

  // The audit log shows both changes.
  await admin.goto("/admin/audit");
  await expect(admin.getByRole("cell", { name: "Konto inaktiverat" }).first()).toBeVisible();
  await expect(admin.getByRole("cell", { name: "Roll ändrad" }).first()).toBeVisible();
  // In words, with names (no JSON, no ids), and filtered by kind of action.
  await expect(admin.getByRole("cell", { name: /inaktiverade kontot för Dora Deaktiverad/ }).first()).toBeVisible();
  await expect(admin.getByRole("cell", { name: /ändrade rollen för Adam Admin från administratör till användare/ }).first()).toBeVisible();
  await expect(admin.getByText(/[0-9a-f]{8}-[0-9a-f]{4}-/)).toHaveCount(0);
  await admin.getByLabel("Händelse", { exact: true }).selectOption({ label: "Roll ändrad" });
  await admin.getByRole("button", { name: "Filtrera" }).click();
  await expect(admin).toHaveURL(/action=user.role_changed/);
  await expect(admin.getByRole("cell", { name: "Konto inaktiverat" })).toHaveCount(0);
  await expect(admin.getByRole("cell", { name: "Roll ändrad" }).first()).toBeVisible();
});
