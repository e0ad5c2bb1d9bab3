import { ServiceError, type ServiceErrorCode } from "../services/service-error";
import { componentLogger } from "../observability/logger";

const log = componentLogger("http");

const STATUS: Record<ServiceErrorCode, number> = {
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  VALIDATION: 400,
  LIMIT_EXCEEDED: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** The one place an error becomes an HTTP status and body; internals never leak. */
export function errorStatusAndBody(error: unknown): { status: number; body: { error: { code: string; message: string; fieldErrors: Record<string, string> | null } } } {
  if (error instanceof ServiceError) {
    return { status: STATUS[error.code], body: { error: { code: error.code, message: error.message, fieldErrors: error.fieldErrors ?? null } } };
  }
  log.error({ err: error }, "unexpected error answered with 500");
  return { status: 500, body: { error: { code: "INTERNAL", message: "Något gick fel hos oss. Försök igen om en stund.", fieldErrors: null } } };
}

export function errorResponse(error: unknown): Response {
  const { status, body } = errorStatusAndBody(error);
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
