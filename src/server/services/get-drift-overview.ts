import "server-only";
import fs from "node:fs/promises";
import { sql } from "drizzle-orm";
import { env } from "@/env";
import { getDb } from "../db/client";
import { requireRole, type Actor } from "./actor";
import { readClusterStats } from "./read-cluster-stats";
import { runRetentionDays } from "./run-retention-days";

/** Workers silent for longer than this drop off the page (they are gone, not merely late). */
const SHOW_WORKERS_SEEN_WITHIN_MINUTES = 60;
const TOP_TOOLS = 5;

export type DriftOverview = Awaited<ReturnType<typeof getDriftOverview>>;

/**
 * The Drift page (admin): what IT staff look at first when runs feel slow — live workers and
 * their load, the queue now, runs per hour for a day, the slowest and most-failing tools of the
 * week, and the disk the run files take with when retention frees it. Tools by title, never a
 * person, a file name or a form value.
 */
export async function getDriftOverview({ actor }: { actor: Actor | null }) {
  requireRole(actor, "admin");
  const db = getDb();
  const retentionDays = runRetentionDays();

  const [cluster, workers, hourly, slowest, failing, storage, disk] = await Promise.all([
    readClusterStats(),
    db.execute<{ worker_id: string; hostname: string; concurrency: number; running: number; last_seen_at: Date; docker_ok: boolean; detail: string | null; alive: boolean }>(sql`
      select w.worker_id, w.hostname, w.concurrency, w.docker_ok, w.detail, w.last_seen_at,
             w.last_seen_at > now() - make_interval(secs => ${env.WORKER_STALE_SECONDS}) as alive,
             (select count(*)::int from tool_runs r where r.worker_id = w.worker_id and r.status = 'running') as running
      from worker_heartbeats w
      where w.last_seen_at > now() - make_interval(mins => ${SHOW_WORKERS_SEEN_WITHIN_MINUTES})
      order by w.hostname, w.worker_id`),
    db.execute<{ hour: Date; succeeded: number; failed: number; cancelled: number }>(sql`
      select h.hour,
             count(r.id) filter (where r.status = 'succeeded')::int as succeeded,
             count(r.id) filter (where r.status in ('failed', 'timed_out'))::int as failed,
             count(r.id) filter (where r.status = 'cancelled')::int as cancelled
      from generate_series(date_trunc('hour', now()) - interval '23 hours', date_trunc('hour', now()), interval '1 hour') as h(hour)
      left join tool_runs r on r.finished_at >= h.hour and r.finished_at < h.hour + interval '1 hour'
      group by h.hour order by h.hour`),
    db.execute<{ tool_id: string; title: string; runs: number; median_seconds: number; max_seconds: number }>(sql`
      select t.id as tool_id, t.title, count(*)::int as runs,
             percentile_cont(0.5) within group (order by extract(epoch from r.finished_at - r.started_at))::float8 as median_seconds,
             max(extract(epoch from r.finished_at - r.started_at))::float8 as max_seconds
      from tool_runs r join tools t on t.id = r.tool_id
      where r.finished_at > now() - interval '7 days' and r.started_at is not null
      group by t.id, t.title order by median_seconds desc limit ${TOP_TOOLS}`),
    db.execute<{ tool_id: string; title: string; runs: number; failed: number }>(sql`
      select t.id as tool_id, t.title, count(*)::int as runs,
             count(*) filter (where r.status in ('failed', 'timed_out'))::int as failed
      from tool_runs r join tools t on t.id = r.tool_id
      where r.finished_at > now() - interval '7 days'
      group by t.id, t.title
      having count(*) filter (where r.status in ('failed', 'timed_out')) > 0
      order by failed desc, runs asc limit ${TOP_TOOLS}`),
    // Run files: the outputs (run_artifacts) and the uploaded inputs (each run's manifest).
    db.execute<{ bytes: number; runs: number; oldest: Date | null; freed_within_day: number }>(sql`
      with per_run as (
        select r.id, r.queued_at,
               coalesce((select sum(a.bytes) from run_artifacts a where a.run_id = r.id), 0)
             + coalesce((select sum((f ->> 'bytes')::bigint) from jsonb_array_elements(r.input_manifest) f), 0) as bytes
        from tool_runs r
      )
      select coalesce(sum(bytes), 0)::float8 as bytes, count(*) filter (where bytes > 0)::int as runs,
             min(queued_at) filter (where bytes > 0) as oldest,
             coalesce(sum(bytes) filter (where queued_at < now() - make_interval(days => ${retentionDays}) + interval '1 day'), 0)::float8 as freed_within_day
      from per_run`),
    fs.statfs(env.ARTIFACTS_ROOT).then(
      (stats) => ({ freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize }),
      () => null,
    ),
  ]);

  const store = storage[0];
  const oldest = store?.oldest ? new Date(store.oldest) : null;
  return {
    generatedAt: new Date(),
    queue: cluster,
    workers: workers.map((w) => ({
      id: w.worker_id,
      hostname: w.hostname,
      concurrency: w.concurrency,
      running: w.running,
      lastSeenAt: new Date(w.last_seen_at),
      alive: w.alive,
      dockerOk: w.docker_ok,
      detail: w.detail,
    })),
    hourly: hourly.map((h) => ({ hour: new Date(h.hour), succeeded: h.succeeded, failed: h.failed, cancelled: h.cancelled })),
    slowestTools: slowest.map((t) => ({ toolId: t.tool_id, title: t.title, runs: t.runs, medianSeconds: t.median_seconds, maxSeconds: t.max_seconds })),
    failingTools: failing.map((t) => ({ toolId: t.tool_id, title: t.title, runs: t.runs, failed: t.failed })),
    storage: {
      bytes: store?.bytes ?? 0,
      runs: store?.runs ?? 0,
      retentionDays,
      freedWithinDayBytes: store?.freed_within_day ?? 0,
      /** When retention frees the oldest run's files. */
      oldestFreedAt: oldest ? new Date(oldest.getTime() + retentionDays * 86_400_000) : null,
      disk,
    },
  };
}
