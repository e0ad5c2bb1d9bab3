import "server-only";
import { sql } from "drizzle-orm";
import { CATEGORIES, PROFESSIONS, type Role } from "@/lib/domain";
import { hashPassword } from "../auth/password";
import type { Database } from "./client";
import { categories, professions, users } from "./schema";

/** The taxonomy of DOMAIN.md; labels are refreshed, rows are never removed (tools point at them). */
export async function seedTaxonomy(db: Database): Promise<void> {
  await db
    .insert(professions)
    .values(PROFESSIONS.map((p, index) => ({ slug: p.slug, label: p.label, sortOrder: index })))
    .onConflictDoUpdate({ target: professions.slug, set: { label: sql`excluded.label`, sortOrder: sql`excluded.sort_order` } });
  await db
    .insert(categories)
    .values(CATEGORIES.map((c, index) => ({ slug: c.slug, label: c.label, sortOrder: index })))
    .onConflictDoUpdate({ target: categories.slug, set: { label: sql`excluded.label`, sortOrder: sql`excluded.sort_order` } });
}

/** One demo account per role, for trying the app on a fresh clone. Printed by `npm start`. */
export const DEMO_ACCOUNTS: { email: string; displayName: string; role: Role; password: string }[] = [
  { email: "admin@skriptoteket.test", displayName: "Anna Admin", role: "admin", password: "demo-admin-123" },
  { email: "bidrag@skriptoteket.test", displayName: "Bo Bidragsgivare", role: "contributor", password: "demo-bidrag-123" },
  { email: "larare@skriptoteket.test", displayName: "Lena Lärare", role: "user", password: "demo-larare-123" },
];

/** Creates the demo accounts that do not exist yet; an account someone has changed is left alone. */
export async function seedDemoAccounts(db: Database): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    await db
      .insert(users)
      .values({ email: account.email, displayName: account.displayName, role: account.role, passwordHash: await hashPassword(account.password) })
      .onConflictDoNothing({ target: users.email });
  }
}
