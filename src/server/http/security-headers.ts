/**
 * The security headers of every response the app makes, in one place. Pure.
 *
 * - Pages (src/proxy.ts): a nonce-based CSP per request. Next.js puts the nonce on its own
 *   scripts when it finds it in the request's CSP header; 'strict-dynamic' lets those scripts
 *   load the chunks they need; no 'unsafe-inline' or 'unsafe-eval' for scripts. Styles may be
 *   inline: a tool's HTML output is a srcdoc frame, and a srcdoc document INHERITS this policy
 *   (its own meta CSP only narrows it), so its <style> must pass here; the editor and React set
 *   inline styles too. CSS cannot run code; what it could leak is fenced by img-src/connect-src.
 * - The chart frame (app/chart-frame): sandboxed by its own CSP (an opaque origin with scripts,
 *   nothing else), no network at all, framable only by the app's pages.
 * - Every response of the web server (src/cli/web.ts, before Next, the page cache or a download
 *   answers): nosniff, Referrer-Policy, Permissions-Policy, COOP, and X-Frame-Options for
 *   browsers without frame-ancestors.
 * - Artifact downloads add a CSP of their own (download-headers.ts).
 */

import { CHART_FRAME_PATH } from "@/lib/chart-frame-protocol";

export function newNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** `dev`: next dev's React needs eval for its debugging aids; a production build never does. */
export function pageContentSecurityPolicy(nonce: string, options: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "worker-src 'none'",
    "manifest-src 'self'",
    "media-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The chart frame runs a tool's spec (bindings, signals, expressions): it gets scripts in an
 * opaque origin (`sandbox allow-scripts`, so also when opened on its own), may load only the
 * app's own script and style files, may connect nowhere, and may be framed only by the app.
 */
export function chartFrameContentSecurityPolicy(nonce: string, options: { dev?: boolean } = {}): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src data: blob:",
    "font-src 'self'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    "sandbox allow-scripts",
  ].join("; ");
}

/** Browser features no page of the app uses: none may be asked for, by a page or a frame. */
export const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "hid=()",
  "bluetooth=()",
  "display-capture=()",
  "screen-wake-lock=()",
  "publickey-credentials-get=()",
].join(", ");

/** The headers every response of the web server carries; only the chart frame may be framed (by the app). */
export function baselineSecurityHeaders(pathname: string): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": pathname === CHART_FRAME_PATH ? "SAMEORIGIN" : "DENY",
  };
}
