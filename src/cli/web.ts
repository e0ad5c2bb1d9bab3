import http from "node:http";
import next from "next";
import { env } from "@/env";
import { serveArtifactDownload } from "@/server/http/artifact-downloads";
import { refuseOversizedBody } from "@/server/http/body-limit";
import { servePageFromCache } from "@/server/http/page-cache";
import { applyTrustedRequestHeaders } from "@/server/http/trusted-request";
import { baselineSecurityHeaders } from "@/server/http/security-headers";
import { stopWhenLauncherDies } from "./child-process";

/**
 * The web server: Next.js for pages, tRPC and route handlers, with artifact downloads answered
 * first by plain Node (see server/http/artifact-downloads.ts for why). What `npm start` runs.
 */
export async function main(): Promise<number> {
  // hostname and port: Next fetches its own pages for server-action redirects.
  const app = next({ dev: false, dir: process.cwd(), hostname: "localhost", port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((request, response) => {
    // First: nothing below may read a forwarded header or client address we did not vouch for.
    applyTrustedRequestHeaders(request);
    // On every answer, whoever gives it (Next, the page cache, a download, a refusal).
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    for (const [name, value] of Object.entries(baselineSecurityHeaders(pathname))) response.setHeader(name, value);
    if (refuseOversizedBody(request, response)) return;
    serveArtifactDownload(request, response)
      .then((served) => served || servePageFromCache(request, response, handle))
      .then((served) => (served ? undefined : handle(request, response)))
      .catch((error: unknown) => {
        console.error("[web]", error);
        if (!response.headersSent) response.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve) => server.listen(env.PORT, resolve));
  console.log(`[web] listening on http://localhost:${env.PORT}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    stopWhenLauncherDies(resolve);
  });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await app.close();
  return 0;
}
