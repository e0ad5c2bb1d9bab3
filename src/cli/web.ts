import http from "node:http";
import next from "next";
import { env } from "@/env";
import { serveArtifactDownload } from "@/server/http/artifact-downloads";
import { servePageFromCache } from "@/server/http/page-cache";
import { stopWhenLauncherDies } from "./child-process";
import { componentLogger } from "@/server/observability/logger";

const log = componentLogger("web");

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
    serveArtifactDownload(request, response)
      .then((served) => served || servePageFromCache(request, response, handle))
      .then((served) => (served ? undefined : handle(request, response)))
      .catch((error: unknown) => {
        log.error({ err: error }, "request failed");
        if (!response.headersSent) response.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve) => server.listen(env.PORT, resolve));
  log.info({ port: env.PORT }, "web server listening");
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
