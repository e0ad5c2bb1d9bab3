import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/env";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
/** A transaction handle accepted wherever a Database is (services take either). */
export type DbOrTx = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

type Connection = { sql: postgres.Sql; db: Database };

// One pool per process; kept on globalThis so dev-mode module reloads do not leak pools.
const holder = globalThis as typeof globalThis & { __skriptoteketDb?: Connection };

export function connect(url: string, options: { max?: number } = {}): Connection {
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {}, connection: { application_name: "skriptoteket" } });
  return { sql, db: drizzle(sql, { schema, casing: "snake_case" }) };
}

let databaseUrlOverride: string | undefined;

/** For the command line, which finds (or starts) the embedded database itself before connecting. */
export function setDatabaseUrl(url: string): void {
  if (holder.__skriptoteketDb) throw new Error("setDatabaseUrl must be called before the first query");
  databaseUrlOverride = url;
}

function connection(): Connection {
  if (!holder.__skriptoteketDb) {
    const url = databaseUrlOverride ?? env.DATABASE_URL;
    if (!url) {
      throw new Error("DATABASE_URL is not set. Start the app with `npm start`, which provides the database.");
    }
    holder.__skriptoteketDb = connect(url);
  }
  return holder.__skriptoteketDb;
}

/** The process-wide Drizzle database. */
export function getDb(): Database {
  return connection().db;
}

/** The raw postgres.js client (LISTEN/NOTIFY, health checks). */
export function getSql(): postgres.Sql {
  return connection().sql;
}

export async function closeDb(): Promise<void> {
  const current = holder.__skriptoteketDb;
  holder.__skriptoteketDb = undefined;
  await current?.sql.end({ timeout: 5 });
}
