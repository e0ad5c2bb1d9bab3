import type { z } from "zod";
import { ServiceError } from "./service-error";

/**
 * Services validate their own input (they are called from tRPC, route handlers and the CLI).
 * The first message of each field is kept for forms.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_";
    fieldErrors[key] ??= issue.message;
  }
  const first = Object.values(fieldErrors)[0] ?? "Ogiltiga uppgifter.";
  throw new ServiceError("VALIDATION", first, { fieldErrors });
}
