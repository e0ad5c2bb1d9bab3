import { TRPCClientError } from "@trpc/client";

/**
 * A failed call's message for the person (the server's Swedish text, or a plain fallback) and,
 * where the server named them, the fields at fault. Reads tRPC errors and refused uploads alike.
 */
export function problemOf(error: unknown, fallback = "Något gick fel. Försök igen."): { message: string; code?: string; fieldErrors: Record<string, string> } {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; fieldErrors?: Record<string, string> } | undefined;
    return { message: error.message, code: data?.code, fieldErrors: data?.fieldErrors ?? {} };
  }
  if (error && typeof error === "object" && "message" in error) {
    const upload = error as { message: string; fieldErrors?: Record<string, string> };
    return { message: upload.message, fieldErrors: upload.fieldErrors ?? {} };
  }
  return { message: fallback, fieldErrors: {} };
}
