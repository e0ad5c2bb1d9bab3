import "server-only";
import { and, eq, gt, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { toolRuns } from "../db/schema";

/**
 * One definition of "a tool's recent failed runs", shown to its maintainers on Hem and in Mina
 * verktyg alike: teachers' runs (KÖR) that failed or ran out of time in the last week, whose
 * error is still kept (retention removes it with the rest of the run's data).
 */
export const FAILED_RUN_WINDOW_DAYS = 7;

export function isRecentFailedRun(): SQL {
  return and(
    eq(toolRuns.context, "production"),
    inArray(toolRuns.status, ["failed", "timed_out"]),
    gt(toolRuns.queuedAt, sql`now() - make_interval(days => ${FAILED_RUN_WINDOW_DAYS})`),
    isNull(toolRuns.purgedAt),
  )!;
}
