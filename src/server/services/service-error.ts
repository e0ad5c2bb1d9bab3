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
