import { parseArgs } from "node:util";
import { startEmbeddedPostgres } from "@/server/db/embedded-postgres";
import { stopWhenLauncherDies } from "./child-process";

/**
 * Runs an embedded Postgres in this process until SIGTERM/SIGINT, printing `ready <url>` once
 * it answers. The test suite starts its database this way, in a child process: the
 * embedded-postgres package hooks process exit (async-exit-hook) and would otherwise turn
 * Vitest's failing exit code into 0.
 */
export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { "data-dir": { type: "string" }, port: { type: "string" }, database: { type: "string" } } });
  if (!values["data-dir"] || !values.port || !values.database) {
    console.error("Usage: npm run cli -- db:serve --data-dir DIR --port N --database NAME");
    return 2;
  }
  const database = await startEmbeddedPostgres({ dataDir: values["data-dir"], port: Number(values.port), database: values.database });
  console.log(`ready ${database.url}`);
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
    stopWhenLauncherDies(resolve);
  });
  await database.stop();
  return 0;
}
