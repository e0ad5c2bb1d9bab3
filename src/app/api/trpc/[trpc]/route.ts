import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getCurrentActor } from "@/server/auth/current-actor";
import { actorFromCookieHeader } from "@/server/auth/session-cookie";
import { appRouter } from "@/server/api/root";
import { isSameOriginRequest } from "@/server/http/same-origin";
import { TRPC_MAX_BATCH_SIZE } from "@/lib/http-limits";

function handler(request: Request) {
  if (request.method !== "GET" && !isSameOriginRequest(request)) {
    return Response.json({ error: { message: "Förfrågan kom inte från Skriptoteket och avvisades." } }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    // Queries over GET, mutations only over POST (tRPC refuses a mutation sent as GET).
    allowMethodOverride: false,
    // One request may not carry more calls than the app's own client sends (a 400 otherwise).
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    createContext: async () => {
      const cookie = request.headers.get("cookie") ?? undefined;
      return { actor: await getCurrentActor(), reloadActor: () => actorFromCookieHeader(cookie) };
    },
  });
}

export { handler as GET, handler as POST };
