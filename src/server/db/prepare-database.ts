import "server-only";
import path from "node:path";
import { env } from "@/env";
import { connect } from "./client";
import { startDatabaseProcess } from "./database-process";
import { migrateDatabase } from "./migrate";
import { seedDemoTools } from "../demo-tools/seed-demo-tools";
import { DEMO_ACCOUNTS, seedDemoAccounts, seedTaxonomy } from "./seed";

export type PreparedDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

/**
 * What every start does before serving: find the database (DATABASE_URL, or the embedded
 * Postgres under DATA_DIR), bring its schema up to date, and seed the taxonomy (and, when
 * asked, the demo accounts).
 */
export async function prepareDatabase(options: { seedDemo: boolean; databaseName?: string }): Promise<PreparedDatabase> {
  const database = env.DATABASE_URL
    ? { url: env.DATABASE_URL, embedded: false, stop: async () => {} }
    : {
        ...(await startDatabaseProcess({
          dataDir: path.join(env.DATA_DIR, "postgres"),
          port: env.EMBEDDED_POSTGRES_PORT,
          database: options.databaseName ?? "skriptoteket",
        })),
        embedded: true,
      };
  await migrateDatabase(database.url);
  const { sql, db } = connect(database.url, { max: 2 });
  try {
    await seedTaxonomy(db);
    if (options.seedDemo) {
      await seedDemoAccounts(db);
      // The demo tools belong to the demo admin, so the Katalog is alive on first start.
      await seedDemoTools(db, DEMO_ACCOUNTS.find((account) => account.role === "admin")!.email);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  return database;
}
