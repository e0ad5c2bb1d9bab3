/**
 * Mutations are accepted only from our own pages: a POST must carry an Origin header naming
 * this host (browsers always send one on POST). Blocks cross-site form posts and fetches.
 */
export function isSameOriginRequest(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return request.headers.get("sec-fetch-site") === "same-origin";
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
