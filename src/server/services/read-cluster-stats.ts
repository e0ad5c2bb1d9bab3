import "server-only";
import { sql } from "drizzle-orm";
import { env } from "@/env";
import { getDb } from "../db/client";
import type { ClusterStats } from "../observability/metrics";

/**
 * The installation-wide numbers behind the queue and worker gauges of /api/metrics and the
 * Drift page: one query, by run context. A worker is alive while its heartbeat is fresher
 * than WORKER_STALE_SECONDS — the same rule run recovery uses.
 */
export async function readClusterStats(): Promise<ClusterStats> {
  const rows = await getDb().execute<{ kind: string; context: string | null; count: number }>(sql`
    with live as (
      select worker_id, concurrency from worker_heartbeats
      where last_seen_at > now() - make_interval(secs => ${env.WORKER_STALE_SECONDS})
    )
    select 'queued' as kind, context::text, count(*)::int as count from tool_runs where status = 'queued' group by context
    union all
    select 'running', context::text, count(*)::int from tool_runs where status = 'running' group by context
    union all
    select 'alive', null, count(*)::int from live
    union all
    select 'slots', null, coalesce(sum(concurrency), 0)::int from live
    union all
    select 'busy', null, count(distinct r.worker_id)::int from tool_runs r join live on live.worker_id = r.worker_id where r.status = 'running'
  `);
  const stats: ClusterStats = { queued: { production: 0, sandbox: 0 }, running: { production: 0, sandbox: 0 }, workersAlive: 0, workersBusy: 0, workerSlots: 0 };
  for (const row of rows) {
    if (row.kind === "queued" || row.kind === "running") stats[row.kind][row.context!] = row.count;
    else if (row.kind === "alive") stats.workersAlive = row.count;
    else if (row.kind === "slots") stats.workerSlots = row.count;
    else if (row.kind === "busy") stats.workersBusy = row.count;
  }
  return stats;
}
