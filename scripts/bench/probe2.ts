import { spawn } from "node:child_process";
import { prepareDatabase } from "../../src/server/db/prepare-database";
const database = await prepareDatabase({ seedDemo: false, databaseName: "skriptoteket_bench_web" });
async function measure(label: string, cmd: string, args: string[], port: number) {
  const child = spawn(cmd, args, { env: { ...process.env, PORT: String(port), DATABASE_URL: database.url, AUTH_SECRET: "x".repeat(32), NODE_ENV: "production" }, stdio: "ignore" });
  for (;;) { try { await fetch(`http://127.0.0.1:${port}/login`); break; } catch { await new Promise((r) => setTimeout(r, 200)); } }
  for (const url of ["/api/health", "/login", "/_next/static/chunks/webpack.js"]) {
    const times: number[] = [];
    for (let i = 0; i < 30; i++) { const t = performance.now(); const r = await fetch(`http://127.0.0.1:${port}${url}`); await r.arrayBuffer(); times.push(performance.now() - t); }
    times.sort((a, b) => a - b);
    console.log(label, url, times[15]!.toFixed(1));
  }
  child.kill();
}
await measure("next-start", "node_modules/.bin/next", ["start", "-p", "3311"], 3311);
await measure("custom", "node_modules/.bin/tsx", ["--conditions", "react-server", "src/cli/index.ts", "web"], 3312);
await database.stop(); process.exit(0);
