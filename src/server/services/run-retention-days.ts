import "server-only";
import { env } from "@/env";

/** Days a run's files are kept before retention deletes them (issue 8 adds RUN_RETENTION_DAYS, default 7). */
export const DEFAULT_RUN_RETENTION_DAYS = 7;

/**
 * The one place the Drift page asks how long run files live. It reads RUN_RETENTION_DAYS from
 * src/env.ts as soon as that setting exists there, and the documented default until then.
 */
export function runRetentionDays(): number {
  const configured = (env as { RUN_RETENTION_DAYS?: unknown }).RUN_RETENTION_DAYS;
  return typeof configured === "number" && configured > 0 ? configured : DEFAULT_RUN_RETENTION_DAYS;
}
