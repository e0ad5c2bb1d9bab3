/**
 * `npm run bench:web` — the web app under load, measured in one run on this machine:
 *   - a Katalog of 1,000 published tools: `/tools`, a search in it, and one tool page under 20
 *     concurrent clients (median and p95 response time);
 *   - a 1 GB artifact: download throughput through the app next to reading the same file
 *     from disk, and the web server's memory growth while it streams.
 * Uses the real build (`npx next build` first) served as in production, and its own
 * embedded database. The last line is one JSON object.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { eq, like } from "drizzle-orm";
import { hashPassword } from "../../src/server/auth/password";
import { getDb, setDatabaseUrl } from "../../src/server/db/client";
import { prepareDatabase } from "../../src/server/db/prepare-database";
import { runArtifacts, toolCategories, toolProfessions, toolRuns, tools, toolVersions, users } from "../../src/server/db/schema";
import { PROFESSIONS, CATEGORIES } from "../../src/lib/domain";
import { logInOverHttp, processTreeRss, startWebServer } from "../../tests/support/web-server";
import { printRow, summarize } from "./stats";

const TOOLS = 1000;
const CLIENTS = 20;
const REQUESTS_PER_CLIENT = 25;
const GIB = 1024 * 1024 * 1024;

async function seedCatalog(ownerId: string) {
  const db = getDb();
  const existing = await db.select({ id: tools.id }).from(tools).where(like(tools.slug, "bench-%"));
  if (existing.length >= TOOLS) return;
  for (let start = existing.length; start < TOOLS; start += 100) {
    const batch = Array.from({ length: Math.min(100, TOOLS - start) }, (_, i) => start + i);
    await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(tools)
        .values(batch.map((n) => ({ slug: `bench-${n}`, title: `Verktyg nummer ${n}`, summary: `Gör något användbart med klasslistor, nummer ${n}.`, ownerId, isPublished: true })))
        .returning({ id: tools.id });
      for (const tool of inserted) {
        const [version] = await tx
          .insert(toolVersions)
          .values({ toolId: tool.id, versionNumber: 1, state: "active", sourceCode: "def run_tool(i, o):\n    return 'ok'\n", contentHash: "bench", createdBy: ownerId, inputSchema: [{ kind: "file", name: "filer", label: "Filer", accept: [".csv"], min: 1, max: 5 }] })
          .returning({ id: toolVersions.id });
        await tx.update(tools).set({ activeVersionId: version!.id }).where(eq(tools.id, tool.id));
      }
      await tx.insert(toolProfessions).values(inserted.map((tool, i) => ({ toolId: tool.id, professionSlug: PROFESSIONS[i % PROFESSIONS.length]!.slug })));
      await tx.insert(toolCategories).values(inserted.map((tool, i) => ({ toolId: tool.id, categorySlug: CATEGORIES[i % CATEGORIES.length]!.slug })));
    });
  }
}

async function load(url: string, cookie: string): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < REQUESTS_PER_CLIENT; i++) {
        const started = performance.now();
        // A browser's page load (the Katalog's page cache keeps pages only for document requests).
        const response = await fetch(url, { headers: { cookie, accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
        samples.push(performance.now() - started);
      }
    }),
  );
  return samples;
}

async function main() {
  const database = await prepareDatabase({ seedDemo: false, databaseName: "skriptoteket_bench_web" });
  setDatabaseUrl(database.url);
  const db = getDb();
  const artifactsRoot = fs.mkdtempSync(path.join(os.tmpdir(), "bench-web-"));
  const email = "bench-web@bench.test";
  const password = "bench-web-password";
  let [user] = await db.select().from(users).where(eq(users.email, email));
  user ??= (await db.insert(users).values({ email, displayName: "Bench", role: "user", passwordHash: await hashPassword(password) }).returning())[0]!;
  await seedCatalog(user.id);

  const server = await startWebServer({ databaseUrl: database.url, artifactsRoot });
  try {
    const cookie = await logInOverHttp(server.url, email, password);
    // Warm-up: compile caches, connection pools.
    await load(`${server.url}/tools`, cookie);
    // Baseline in the same run: the framework's floor for a page with no data (the login page,
    // which for a signed-in visitor is one redirect), under the same load.
    const baselineSamples = await load(`${server.url}/login?callbackUrl=%2Fruns`, "");
    const catalogSamples = await load(`${server.url}/tools`, cookie);
    // Two words in every bench tool's text, one in another form than written ("klasslistor"):
    // the search's worst case, every tool matches and is ranked before the 48 are shown.
    const searchSamples = await load(`${server.url}/tools?q=${encodeURIComponent("klasslista nummer")}`, cookie);
    const pageSamples = await load(`${server.url}/tools/bench-500`, cookie);

    // A 1 GB artifact of random bytes, owned by the bench user.
    const [tool] = await db.select().from(tools).where(eq(tools.slug, "bench-0"));
    const [run] = await db.insert(toolRuns).values({ toolId: tool!.id, versionId: tool!.activeVersionId, context: "production", userId: user.id, status: "succeeded", finishedAt: new Date() }).returning();
    const key = `runs/${run!.id}/output/stor.bin`;
    const file = path.join(artifactsRoot, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const handle = fs.openSync(file, "w");
    const chunk = crypto.randomBytes(4 * 1024 * 1024);
    for (let written = 0; written < GIB; written += chunk.length) fs.writeSync(handle, chunk);
    fs.closeSync(handle);
    await db.insert(runArtifacts).values({ runId: run!.id, path: "output/stor.bin", bytes: GIB, sha256: "bench", contentType: "application/octet-stream", storeKey: key });

    const diskStarted = performance.now();
    for await (const part of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) void part;
    const diskSeconds = (performance.now() - diskStarted) / 1000;

    const baseline = processTreeRss(server.pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, processTreeRss(server.pid))), 25);
    // node:http as the client, as a browser's network stack would be: fetch's web streams
    // would measure the client's overhead rather than the server's.
    const downloadStarted = performance.now();
    const received = await new Promise<number>((resolve, reject) => {
      http
        .get(`${server.url}/api/runs/${run!.id}/artifacts/stor.bin`, { headers: { cookie } }, (response) => {
          let bytes = 0;
          response.on("data", (part: Buffer) => (bytes += part.length));
          response.on("end", () => resolve(bytes));
          response.on("error", reject);
        })
        .on("error", reject);
    });
    const downloadSeconds = (performance.now() - downloadStarted) / 1000;
    clearInterval(sampler);
    if (received !== GIB) throw new Error(`download got ${received} bytes`);
    fs.rmSync(file);

    const baselineMs = summarize(baselineSamples);
    const toolsMs = summarize(catalogSamples);
    const searchMs = summarize(searchSamples);
    const pageMs = summarize(pageSamples);
    const mb = GIB / 1e6;
    const downloadMbS = Math.round(mb / downloadSeconds);
    const diskMbS = Math.round(mb / diskSeconds);
    const growth = Math.round(((peak - baseline) / 1024 / 1024) * 10) / 10;
    console.log(`\nWeb benchmark: ${TOOLS} published tools, ${CLIENTS} concurrent clients × ${REQUESTS_PER_CLIENT} requests, ${os.cpus().length} cores`);
    printRow("baseline: /login (no data)", baselineMs);
    printRow("/tools (Katalog)", toolsMs);
    printRow("/tools?q=klasslista nummer (search)", searchMs);
    printRow("/tools/[slug] (tool page)", pageMs);
    console.log(`1 GB download ${downloadMbS} MB/s, disk read ${diskMbS} MB/s (ratio ${(downloadMbS / diskMbS).toFixed(2)}), server memory growth ${growth} MB`);
    console.log(
      JSON.stringify({ baseline_login_ms: baselineMs, tools_ms: toolsMs, tools_search_ms: searchMs, tool_page_ms: pageMs, download_mb_s: downloadMbS, disk_mb_s: diskMbS, download_ratio: Number((downloadMbS / diskMbS).toFixed(2)), download_rss_growth_mb: growth }),
    );
  } finally {
    await server.stop();
    fs.rmSync(artifactsRoot, { recursive: true, force: true });
    await database.stop();
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
