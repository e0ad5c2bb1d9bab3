import http from "node:http";
import next from "next";
import { env } from "@/env";
import { serveArtifactDownload } from "@/server/http/artifact-downloads";
import { refuseOversizedBody } from "@/server/http/body-limit";
import { serveMetrics } from "@/server/http/metrics-endpoint";
import { servePageFromCache } from "@/server/http/page-cache";
import { baselineSecurityHeaders } from "@/server/http/security-headers";
import { applyTrustedRequestHeaders } from "@/server/http/trusted-request";
import { requestIdFrom, withLogContext } from "@/server/observability/log-context";
import { componentLogger } from "@/server/observability/logger";
import { metrics, registerClusterStats } from "@/server/observability/metrics";
import { builtRouteTemplates, routeTemplateMatcher } from "@/server/observability/route-templates";
import { readClusterStats } from "@/server/services/read-cluster-stats";
import { stopWhenLauncherDies } from "./child-process";

const log = componentLogger("web");

/**
 * The web server: Next.js for pages, tRPC and route handlers, with artifact downloads answered
 * first by plain Node (see server/http/artifact-downloads.ts for why) and /api/metrics beside
 * them. Every request gets a request id (X-Request-Id, echoed back) that its log lines and the
 * runs it queues carry, and is timed by route template. What `npm start` runs.
 */
export async function main(): Promise<number> {
  // hostname and port: Next fetches its own pages for server-action redirects.
  const app = next({ dev: false, dir: process.cwd(), hostname: "localhost", port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  const routeOf = routeTemplateMatcher(builtRouteTemplates(process.cwd()));
  registerClusterStats(readClusterStats);

  const server = http.createServer((request, response) => {
    // First: nothing below may read a forwarded header or client address we did not vouch for.
    applyTrustedRequestHeaders(request);
    const requestId = requestIdFrom(request.headers["x-request-id"]);
    response.setHeader("X-Request-Id", requestId);
    const stopTimer = metrics.httpRequestDuration.startTimer();
    response.once("close", () => {
      // Live updates (SSE) last as long as the page is open: timed apart, or they would swamp tRPC's figures.
      const streaming = String(response.getHeader("content-type") ?? "").startsWith("text/event-stream");
      const route = routeOf((request.url ?? "/").split("?")[0]!) + (streaming ? " (stream)" : "");
      stopTimer({ method: request.method ?? "GET", route, status: String(response.statusCode) });
    });
    // On every answer, whoever gives it (Next, the page cache, a download, a refusal).
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    for (const [name, value] of Object.entries(baselineSecurityHeaders(pathname))) response.setHeader(name, value);
    if (refuseOversizedBody(request, response)) return;
    withLogContext({ requestId }, () =>
      serveMetrics(request, response, "/api/metrics")
        .then((served) => served || serveArtifactDownload(request, response))
        .then((served) => served || servePageFromCache(request, response, handle))
        .then((served) => (served ? undefined : handle(request, response)))
        .catch((error: unknown) => {
          log.error({ err: error }, "request failed");
          if (!response.headersSent) response.writeHead(500).end();
        }),
    );
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
