import { prepareDatabase } from "@/server/db/prepare-database";

/** Migrates and seeds, then stops the embedded server it started (used by scripts and CI). */
export async function main(argv: string[]): Promise<number> {
  const database = await prepareDatabase({ seedDemo: argv.includes("--demo") });
  console.log(database.url);
  await database.stop();
  return 0;
}
