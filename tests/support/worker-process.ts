/**
 * A real worker process (`cli worker`, as `npm start` and docker-compose run it), for tests
 * that need its own stderr, its metrics port, or to restart what it depends on under it.
 */
import { spawn } from "node:child_process";

export type WorkerProcess = { pid: number; stderr: () => string; logLines: () => Record<string, unknown>[]; stop: () => Promise<void>; kill: () => Promise<void> };

export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--conditions", "react-server", "--import", "tsx", "src/cli/index.ts", "worker"], {
    env: { ...process.env, NODE_ENV: "production", WORKER_METRICS_PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => {
    if (stderr.length < 8_000_000) stderr += chunk;
  });
  const deadline = Date.now() + 60_000;
  while (!stderr.includes('"worker ready"')) {
    if (child.exitCode !== null) throw new Error(`worker exited: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`worker did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const signal = (name: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(name);
    });
  return { pid: child.pid!, stderr: () => stderr, logLines: () => parseLogLines(stderr), stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL") };
}

/** The JSON log lines of a process's stderr (anything else, e.g. Next's own banner, is skipped). */
export function parseLogLines(text: string): Record<string, unknown>[] {
  return text.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

/** One sample of a Prometheus text exposition, 0 when absent: `sample(text, 'x_total{context="production"}')`. */
export function sample(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
