/**
 * The one rule for where the app may send the browser after login (or any "come back to"
 * parameter): a path on this site, whatever the encoding. Everything else falls back to the
 * Katalog.
 *
 * Why a URL parser and not string checks: browsers turn `\` into `/` and drop tabs and
 * newlines before resolving a Location, so `/\host`, `/%09/host` (decoded: a tab), `/.//host`
 * and friends all become `//host`, another site. We resolve the value the way the browser will
 * (WHATWG URL, against a placeholder origin), keep it only if it stayed on that origin, and hand
 * out the parser's normalized path, which can no longer be read as another host.
 */
export const DEFAULT_RETURN_PATH = "/tools";

const PLACEHOLDER_ORIGIN = "http://skriptoteket.invalid";
const MAX_LENGTH = 2000;

export function safeReturnPath(value: unknown, fallback: string = DEFAULT_RETURN_PATH): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  // Only a path: not "https://…", "javascript:…" or a relative "evil.example".
  if (!value.startsWith("/")) return fallback;
  // Control characters and backslashes have no business in one of our paths; refusing them
  // outright means no parser difference between us and some browser can matter.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//host" normalizes to "//host": a scheme-relative URL, another site.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}

/** Where to go once signed in: a safe return path, but not the login page itself (a loop). */
export function afterLoginPath(value: unknown): string {
  const path = safeReturnPath(value);
  return new URL(path, PLACEHOLDER_ORIGIN).pathname === "/login" ? DEFAULT_RETURN_PATH : path;
}

/** The login page, asked to come back to `returnTo` afterwards. */
export function loginPathFor(returnTo: unknown): string {
  const path = afterLoginPath(returnTo);
  return path === DEFAULT_RETURN_PATH ? "/login" : `/login?callbackUrl=${encodeURIComponent(path)}`;
}
