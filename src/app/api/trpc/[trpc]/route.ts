import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getCurrentActor } from "@/server/auth/current-actor";
import { actorFromCookieHeader } from "@/server/auth/session-cookie";
import { appRouter } from "@/server/api/root";
import { isSameOriginRequest } from "@/server/http/same-origin";

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
    createContext: async () => {
      const cookie = request.headers.get("cookie") ?? undefined;
      return { actor: await getCurrentActor(), reloadActor: () => actorFromCookieHeader(cookie) };
    },
  });
}

export { handler as GET, handler as POST };
