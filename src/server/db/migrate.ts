import "server-only";
import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { migrateQueue } from "../execution/queue";
import { connect } from "./client";

/**
 * Applies every migration in drizzle/ that has not run yet, then the run queue's own schema.
 * Safe to call on every start.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const { sql, db } = connect(url, { max: 1 });
  try {
    await migrate(db, { migrationsFolder: path.resolve(process.cwd(), "drizzle") });
  } finally {
    await sql.end({ timeout: 5 });
  }
  await migrateQueue(url);
}
