import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { childProcessEnv, env } from "@/env";
import { prepareDatabase } from "@/server/db/prepare-database";
import { DEMO_ACCOUNTS } from "@/server/db/seed";
import { spawnCliCommand } from "./child-process";
import { componentLogger } from "@/server/observability/logger";

const log = componentLogger("launcher");

/** AUTH_SECRET, or one generated once into DATA_DIR so sessions survive restarts. */
function authSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const file = path.join(env.DATA_DIR, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(env.DATA_DIR, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

/**
 * The whole app in one process tree: database, web server (`next start`) and one worker.
 * Ctrl-C stops all of it; if either child dies, the rest is stopped too, so nothing half-runs.
 */
export async function main(argv: string[]): Promise<number> {
  const noDemo = argv.includes("--no-demo");
  const database = await prepareDatabase({ seedDemo: !noDemo });
  const childEnv = childProcessEnv({ DATABASE_URL: database.url, AUTH_SECRET: authSecret(), PORT: String(env.PORT), NODE_ENV: "production" });
  const children: ChildProcess[] = [
    spawnCliCommand("web", [], { env: childEnv, stdio: ["ignore", "inherit", "inherit"] }),
    spawnCliCommand("worker", [], { env: childEnv, stdio: ["ignore", "inherit", "inherit"] }),
  ];

  const url = `http://localhost:${env.PORT}`;
  console.log(`\nSkriptoteket körs på ${url}`);
  console.log(database.embedded ? `Databas: inbyggd Postgres i ${path.join(env.DATA_DIR, "postgres")}` : "Databas: DATABASE_URL");
  if (!noDemo) {
    console.log("\nDemokonton:");
    for (const account of DEMO_ACCOUNTS) console.log(`  ${account.role.padEnd(11)} ${account.email.padEnd(28)} ${account.password}`);
  }
  console.log("\nStoppa med Ctrl-C.\n");

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (code: number) => {
      if (stopping) return;
      stopping = true;
      for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
      await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.once("exit", r)) : null)));
      await database.stop();
      resolve(code);
    };
    for (const child of children) {
      child.once("exit", (code) => {
        if (!stopping) log.error({ exitCode: code }, "a part of Skriptoteket stopped; stopping the rest");
        void stop(code ?? 1);
      });
    }
    process.once("SIGINT", () => void stop(0));
    process.once("SIGTERM", () => void stop(0));
  });
}
