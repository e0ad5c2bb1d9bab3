/**
 * Vitest global setup: a real Postgres for the whole run. Without DATABASE_URL it starts a
 * private embedded Postgres (its own data folder and a free port, so parallel runs and
 * `npm start` never share or stop each other's server), migrates it and seeds the taxonomy.
 * Test files reach it through DATABASE_URL. With DATABASE_URL set, that server is used as is.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { connect } from "../../src/server/db/client";
import { startEmbeddedPostgres } from "../../src/server/db/embedded-postgres";
import { migrateDatabase } from "../../src/server/db/migrate";
import { seedTaxonomy } from "../../src/server/db/seed";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup() {
  let teardown = async () => {};
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = path.resolve(`.data/test-postgres/${process.pid}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const database = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: "skriptoteket_test" });
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
