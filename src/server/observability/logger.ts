import { createRequire } from "node:module";
import path from "node:path";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "@/env";
import { currentLogContext } from "./log-context";

/**
 * The one logger of every process (web, worker, CLI): JSON lines on stderr, so a command's own
 * result on stdout (run-script's JSON) stays clean. Levels: error = something is broken and
 * needs a person; warn = degraded but handled (a retry, a dependency down); info = one line
 * per run or request milestone; debug = detail for development.
 *
 * Personal data (file contents, file names, form values, e-mails) is never passed to it —
 * users and runs are named by id. The redaction list is the second line of defence for the
 * day someone logs a whole object by mistake.
 */
export const REDACTED_KEYS = [
  "email",
  "password",
  "passwordHash",
  "displayName",
  "name",
  "fileName",
  "filename",
  "files",
  "inputValues",
  "values",
  "settings",
  "state",
  "stdout",
  "stderr",
  "content",
  "cookie",
  "authorization",
] as const;

const redactPaths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]).concat(["headers.cookie", "headers.authorization", "req.headers.cookie", "req.headers.authorization"]);

/**
 * Errors as JSON, minus what a failed query carries: Drizzle puts the query's parameters (an
 * e-mail, a form value) into the message, the stack and a `params` field.
 */
export function safeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return value.replace(/\nparams: [\s\S]*?(?=\n {4}at |\ncaused by: |$)/g, "\nparams: [redacted]");
    if (!value || typeof value !== "object" || depth > 4) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === "params" ? "[redacted]" : scrub(item, depth + 1)]));
  };
  return scrub(serialized, 0);
}

function destination(): DestinationStream {
  // A person at a terminal in development reads lines, not JSON.
  if (env.NODE_ENV === "development" && process.stderr.isTTY) {
    try {
      // Resolved at run time from the project (a dev dependency, absent in a production image).
      const pretty = createRequire(path.join(process.cwd(), "package.json"))("pino-pretty") as (options: object) => DestinationStream;
      return pretty({ destination: 2, sync: true, colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" });
    } catch {
      // no pino-pretty: JSON it is
    }
  }
  return pino.destination({ dest: 2, sync: true });
}

const holder = globalThis as typeof globalThis & { __skriptoteketLogger?: Logger };

export const logger: Logger =
  holder.__skriptoteketLogger ??
  (holder.__skriptoteketLogger = pino(
    {
      level: env.LOG_LEVEL,
      base: { pid: process.pid },
      redact: { paths: redactPaths, censor: "[redacted]" },
      // Each line carries the request and run it belongs to (see log-context.ts).
      // A copy: pino merges each line's fields into the mixin's object, which must not be the store.
      mixin: () => ({ ...currentLogContext() }),
      serializers: { err: safeError, error: safeError },
    },
    destination(),
  ));

/** A logger for one part of the system: `{"component":"worker", ...}`. */
export function componentLogger(component: string): Logger {
  return logger.child({ component });
}
