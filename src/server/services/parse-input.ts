import type { z } from "zod";
import { ServiceError } from "./service-error";

/**
 * Services validate their own input (they are called from tRPC, route handlers and the CLI).
 * The first message of each field is kept for forms.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsOf(result.error.issues);
  throw new ServiceError("VALIDATION", firstFieldError(fieldErrors), { fieldErrors });
}

/** The first message of each field ("_" for the input as a whole), the shape forms read. */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.join(".") || "_";
    fieldErrors[key] ??= issue.message;
  }
  return fieldErrors;
}

export const firstFieldError = (fieldErrors: Record<string, string>) => Object.values(fieldErrors)[0] ?? "Ogiltiga uppgifter.";
