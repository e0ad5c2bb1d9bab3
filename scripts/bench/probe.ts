import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepareDatabase } from "../../src/server/db/prepare-database";
import { logInOverHttp, startWebServer } from "../../tests/support/web-server";
const database = await prepareDatabase({ seedDemo: false, databaseName: "skriptoteket_bench_web" });
const server = await startWebServer({ databaseUrl: database.url, artifactsRoot: fs.mkdtempSync(path.join(os.tmpdir(), "p-")) });
const cookie = await logInOverHttp(server.url, "bench-web@bench.test", "bench-web-password");
for (const url of ["/login", "/runs", "/tools/bench-500", "/tools", "/tools?q=nummer%2050", "/api/trpc/me.get"]) {
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < 15; i++) { const t = performance.now(); const r = await fetch(server.url + url, { headers: { cookie } }); size = (await r.arrayBuffer()).byteLength; times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  console.log(url, "median", times[7]!.toFixed(1), "ms", size, "bytes");
}
await server.stop(); await database.stop(); process.exit(0);
