/**
 * Vitest global setup: a real Postgres for the whole run. Without DATABASE_URL it starts the
 * embedded Postgres under .data/test-postgres (its own port, so it never touches the data of
 * `npm start`), drops and recreates the test database, migrates and seeds the taxonomy.
 * Test files then reach it through DATABASE_URL.
 */
import path from "node:path";
import { connect } from "../../src/server/db/client";
import { startEmbeddedPostgres } from "../../src/server/db/embedded-postgres";
import { migrateDatabase } from "../../src/server/db/migrate";
import { seedTaxonomy } from "../../src/server/db/seed";

export default async function setup() {
  let stop = async () => {};
  let url = process.env.DATABASE_URL;
  if (!url) {
    const database = await startEmbeddedPostgres({
      dataDir: path.resolve(".data/test-postgres"),
      port: Number(process.env.TEST_POSTGRES_PORT ?? 54339),
      database: "skriptoteket_test",
      fresh: true,
    });
    url = database.url;
    stop = database.stop;
    process.env.DATABASE_URL = url;
  }
  await migrateDatabase(url);
  const { sql, db } = connect(url, { max: 1 });
  await seedTaxonomy(db);
  await sql.end();
  return async () => {
    await stop();
  };
}
