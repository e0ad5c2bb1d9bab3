import { parseArgs } from "node:util";
import { closeDb, setDatabaseUrl } from "@/server/db/client";
import { prepareDatabase } from "@/server/db/prepare-database";
import { CLI_ACTOR } from "@/server/services/actor";
import { pruneRuns } from "@/server/services/prune-runs";

/**
 * `npm run cli -- prune [--days N]`: what the workers' hourly cron does, now. Prints exactly
 * one JSON object of what it removed, `{"runs":…,"files":…,"bytes":…}` (counts only).
 */
export async function main(argv: string[]): Promise<number> {
  const usage = () => {
    console.error("Usage: npm run cli -- prune [--days N]   (N: whole days, 0 or more; default RUN_RETENTION_DAYS)");
    return 2;
  };
  let raw: string | undefined;
  try {
    raw = parseArgs({ args: argv, options: { days: { type: "string" } } }).values.days;
  } catch {
    return usage();
  }
  const days = raw === undefined ? undefined : Number(raw);
  if (days !== undefined && !(raw!.trim() !== "" && Number.isInteger(days) && days >= 0)) return usage();
  const database = await prepareDatabase({ seedDemo: false });
  setDatabaseUrl(database.url);
  try {
    const report = await pruneRuns({ actor: CLI_ACTOR, days });
    console.log(JSON.stringify(report));
    return 0;
  } finally {
    await closeDb();
    await database.stop();
  }
}
