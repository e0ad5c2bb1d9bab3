/**
 * The one error type services throw. tRPC (server/api/errors.ts) and route handlers map it to
 * their protocol in one place each. `message` is written for the person using the app
 * (Swedish); internal details go in `cause` and never reach the browser.
 */
export const SERVICE_ERROR_CODES = [
  "UNAUTHORIZED",
  "NOT_FOUND",
  "FORBIDDEN",
  "CONFLICT",
  "VALIDATION",
  "LIMIT_EXCEEDED",
  /** Too much at once from one person (active runs per user): try again shortly. */
  "RATE_LIMITED",
  "UNAVAILABLE",
  "INTERNAL",
] as const;
export type ServiceErrorCode = (typeof SERVICE_ERROR_CODES)[number];

export class ServiceError extends Error {
  readonly code: ServiceErrorCode;
  /** Field-level messages for forms: { email: "Det finns redan ett konto med den adressen." } */
  readonly fieldErrors?: Record<string, string>;

  constructor(code: ServiceErrorCode, message: string, options: { fieldErrors?: Record<string, string>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ServiceError";
    this.code = code;
    this.fieldErrors = options.fieldErrors;
  }
}

export const notFound = (what = "Det du letar efter") => new ServiceError("NOT_FOUND", `${what} finns inte.`);

/**
 * A form that failed its checks: the first field message as the headline, every message keyed
 * by field (under `prefix.` when one request carries several forms).
 */
export function invalidFields(errors: Record<string, string>, options: { fallback?: string; prefix?: string } = {}): ServiceError {
  const { fallback = "Kontrollera fälten.", prefix } = options;
  const fieldErrors = prefix ? Object.fromEntries(Object.entries(errors).map(([key, message]) => [`${prefix}.${key}`, message])) : errors;
  return new ServiceError("VALIDATION", Object.values(errors)[0] ?? fallback, { fieldErrors });
}
