import { ServiceError, type ServiceErrorCode } from "../services/service-error";

const STATUS: Record<ServiceErrorCode, number> = {
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  VALIDATION: 400,
  LIMIT_EXCEEDED: 413,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** The one place a route handler turns an error into a response; internals never leak. */
export function errorResponse(error: unknown): Response {
  if (error instanceof ServiceError) {
    return Response.json(
      { error: { code: error.code, message: error.message, fieldErrors: error.fieldErrors ?? null } },
      { status: STATUS[error.code], headers: { "Cache-Control": "no-store" } },
    );
  }
  console.error("[http]", error);
  return Response.json(
    { error: { code: "INTERNAL", message: "Något gick fel hos oss. Försök igen om en stund.", fieldErrors: null } },
    { status: 500, headers: { "Cache-Control": "no-store" } },
  );
}
