import { eq } from "drizzle-orm";
import { getDb } from "../../src/server/db/client";
import { toolRuns } from "../../src/server/db/schema";

/** The run's row once it has left queued/running (polls Postgres); throws after `timeoutMs`. */
export async function waitForRunToEnd(runId: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [run] = await getDb().select().from(toolRuns).where(eq(toolRuns.id, runId));
    if (run && !["queued", "running"].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
