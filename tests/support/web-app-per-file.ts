import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startWebServer, type WebServer } from "./web-server";

/** The Accept header a browser sends when it navigates to a page. */
export const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/**
 * The built web app on the test database for the test file that calls this (at top level): started
 * in beforeAll with a fresh artifacts root named `<prefix>…`, stopped and its root removed in
 * afterAll. `url` and `artifactsRoot` are filled in once beforeAll has run.
 */
export function webAppPerFile(prefix: string) {
  const web = { url: "", artifactsRoot: "" };
  let server: WebServer | undefined;
  beforeAll(async () => {
    web.artifactsRoot = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    server = await startWebServer({ databaseUrl: process.env.DATABASE_URL!, artifactsRoot: web.artifactsRoot });
    web.url = server.url;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (web.artifactsRoot) fs.rmSync(web.artifactsRoot, { recursive: true, force: true });
  });
  return web;
}
