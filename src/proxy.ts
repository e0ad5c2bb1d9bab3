import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/env";
import { CHART_FRAME_PATH } from "@/lib/chart-frame-protocol";
import { chartFrameContentSecurityPolicy, newNonce, pageContentSecurityPolicy } from "@/server/http/security-headers";

/**
 * A fresh nonce and Content-Security-Policy for every page (see server/http/security-headers.ts).
 * The policy goes on the request too: that is where Next.js reads the nonce it puts on its
 * own scripts. Every page is rendered per request (the root layout awaits `connection()`), so
 * no page is served with a nonce other than its header's. The Katalog's page cache stores the
 * header with the body it was rendered with (server/http/page-cache.ts).
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const dev = env.NODE_ENV === "development";
  const policy = request.nextUrl.pathname === CHART_FRAME_PATH ? chartFrameContentSecurityPolicy(nonce, { dev }) : pageContentSecurityPolicy(nonce, { dev });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages only: API routes answer JSON or streams, static files are the build's own.
  matcher: ["/((?!api/|_next/static/|_next/image|icon.svg|favicon.ico).*)"],
};
