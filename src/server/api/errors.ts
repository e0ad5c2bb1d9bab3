import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ServiceError, type ServiceErrorCode } from "../services/service-error";

const TRPC_CODE: Record<ServiceErrorCode, TRPC_ERROR_CODE_KEY> = {
  UNAUTHORIZED: "UNAUTHORIZED",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  VALIDATION: "BAD_REQUEST",
  LIMIT_EXCEEDED: "PAYLOAD_TOO_LARGE",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

/** The one place a service error becomes a tRPC error. */
export function toTRPCError(error: ServiceError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
}

/**
 * The same mapping for a subscription's stream: a refusal while it runs (the run is not yours,
 * you were signed out) ends it with that refusal's code, not INTERNAL_SERVER_ERROR.
 */
export async function* mapServiceErrorsInStream<T>(stream: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (error) {
    throw error instanceof ServiceError ? toTRPCError(error) : error;
  }
}

export const GENERIC_ERROR_MESSAGE = "Något gick fel hos oss. Försök igen om en stund.";
