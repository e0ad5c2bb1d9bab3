import { boolean, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Workers report here what they see of Docker, so the web process can answer /api/health
 * without ever opening the Docker socket itself.
 */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text("worker_id").primaryKey(),
  hostname: text("hostname").notNull(),
  dockerOk: boolean("docker_ok").notNull(),
  runnerImage: text("runner_image").notNull(),
  runnerImagePresent: boolean("runner_image_present").notNull(),
  concurrency: integer("concurrency").notNull(),
  detail: text("detail"),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
});
