/**
 * `npm run cli -- <command>`: the operator's tools. Each command is a small file beside this one.
 */
const COMMANDS: Record<string, { describe: string; load: () => Promise<{ main: (argv: string[]) => Promise<number> }> }> = {
  "user:create": { describe: "create an account: --email E --name N --role user|contributor|admin --password P", load: () => import("./user-commands") },
  "user:set-role": { describe: "change a role: --email E --role user|contributor|admin", load: () => import("./user-commands") },
  "user:unlock": { describe: "lift the login limits on an account (after failed logins): --email E", load: () => import("./user-commands") },
  prune: { describe: "delete run data older than RUN_RETENTION_DAYS and orphaned files now: [--days N]; prints one JSON object", load: () => import("./prune") },
  "user:set-password": { describe: "set a password (ends the user's sessions): --email E --password P", load: () => import("./user-commands") },
  "run-script": { describe: "run a tool script through the production path: FILE.py [--input PATH]... (see --help)", load: () => import("./run-script") },
  web: { describe: "run the web server (Next.js plus the artifact download handler)", load: () => import("./web") },
  worker: { describe: "run a worker that executes queued runs", load: () => import("./worker") },
  start: { describe: "start database, web server and worker (what `npm start` runs)", load: () => import("./start") },
  "db:serve": { describe: "run an embedded Postgres until stopped (used by the tests)", load: () => import("./db-serve") },
  "db:prepare": { describe: "start the embedded database if needed, migrate and seed", load: () => import("./db-prepare") },
};

async function run(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const entry = command ? COMMANDS[command] : undefined;
  if (!command || !entry) {
    const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
    console.error(`${command ? `Unknown command "${command}". ` : ""}Usage: npm run cli -- <command> [options]\n`);
    for (const [name, { describe }] of Object.entries(COMMANDS)) console.error(`  ${name.padEnd(width)}  ${describe}`);
    return 2;
  }
  const commandModule = await entry.load();
  return commandModule.main(command.startsWith("user:") ? [command, ...rest] : rest);
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Loaded lazily: a usage error above needs no logger (nor a valid environment).
    void import("@/server/observability/logger").then(
      ({ logger }) => {
        logger.fatal({ err: error }, error instanceof Error ? error.message : "command failed");
        process.exit(1);
      },
      () => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  },
);
