/**
 * The real web app (the `next build` output, served by `src/cli/web.ts` as in production) on a free port, against
 * the test database and a given artifact folder — for tests and benchmarks that must go
 * through HTTP: route handlers, cookies, streaming. `npm test` builds before running Vitest.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

export type WebServer = { url: string; pid: number; port: number; stop: () => Promise<void>; kill: () => Promise<void>; stderr: () => string };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startWebServer(options: { databaseUrl: string; artifactsRoot: string; env?: Record<string, string> }): Promise<WebServer> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("No web build: run `npx next build` first (npm test does).");
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--conditions", "react-server", "--import", "tsx", "src/cli/index.ts", "web"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      ARTIFACTS_ROOT: options.artifactsRoot,
      AUTH_SECRET: "test-secret-for-the-web-server-0123456789",
      PORT: String(port),
      ...options.env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  // Everything the server logged, for tests that read its log lines (bounded).
  let allStderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
    if (allStderr.length < 8_000_000) allStderr += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited: ${stderr}`);
    try {
      const response = await fetch(`${url}/login`);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const signal = (name: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(name);
    });
  return { url, pid: child.pid!, port, stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL"), stderr: () => allStderr };
}

/** Logs in through next-auth's credentials endpoint; returns the Cookie header to send. */
export async function logInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      jar.set(name!, value.join("="));
    }
  };
  keep(csrfResponse);
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/tools` }),
  });
  keep(response);
  if (![...jar.keys()].some((name) => name.includes("session-token"))) throw new Error(`login failed for ${email} (${response.status})`);
  return cookieHeader();
}

/** Resident memory of a process and its children, in bytes (Linux /proc). */
export function processTreeRss(pid: number): number {
  const children = (() => {
    try {
      return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  })();
  let rss = 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
  return rss + children.reduce((sum, child) => sum + processTreeRss(child), 0);
}
