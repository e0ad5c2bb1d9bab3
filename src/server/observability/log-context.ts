import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";

/**
 * What every log line of one piece of work carries: the HTTP request that started it and the
 * run it is about. Set around a request by the web server (src/cli/web.ts) and around a job by
 * the worker; the request id travels web → queue (the job payload) → worker, so one run can
 * be followed from the KÖR click to the finished container. Ids only — never names or e-mails.
 */
export type LogContext = { requestId?: string; runId?: string };

// On globalThis: the web server (src/cli/web.ts) and the Next bundle load this file as two
// modules, and both must see one store.
const holder = globalThis as typeof globalThis & { __skriptoteketLogContext?: AsyncLocalStorage<LogContext> };
const storage = (holder.__skriptoteketLogContext ??= new AsyncLocalStorage<LogContext>());

export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}

/** A caller's X-Request-Id is kept only if it looks like an id (no log injection, no personal data). */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._-]{8,64}$/.test(value) ? value : crypto.randomUUID();
}
