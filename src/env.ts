/**
 * The only reader of process.env. Every setting has a documented default (see README.md,
 * "Settings"), so a fresh clone starts with none set; a malformed value fails fast with a
 * message that names the variable.
 */
import os from "node:os";
import path from "node:path";
import { z } from "zod";

const MiB = 1024 * 1024;

/** "512m", "1g", "1048576" → bytes. */
function byteSize(defaultValue: string) {
  return z
    .string()
    .default(defaultValue)
    .transform((raw, ctx) => {
      const match = /^(\d+)\s*([kmg]i?b?|b)?$/i.exec(raw.trim());
      if (!match) {
        ctx.addIssue({ code: "custom", message: `expected a size like 512m or 1g, got "${raw}"` });
        return z.NEVER;
      }
      const unit = (match[2] ?? "b").toLowerCase()[0];
      const factor = unit === "k" ? 1024 : unit === "m" ? MiB : unit === "g" ? 1024 * MiB : 1;
      return Number(match[1]) * factor;
    });
}

const positiveInt = (defaultValue: number) => z.coerce.number().int().positive().default(defaultValue);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Where the embedded Postgres, artifacts and the generated auth secret live by default. */
  DATA_DIR: z.string().default(".data"),
  /** When set, use this Postgres server instead of starting the embedded one. */
  DATABASE_URL: z.string().url().optional(),
  EMBEDDED_POSTGRES_PORT: positiveInt(54329),
  ARTIFACTS_ROOT: z.string().optional(),
  /** Signs session cookies. scripts/start.sh generates one into DATA_DIR when unset. */
  AUTH_SECRET: z.string().min(16).optional(),
  PORT: positiveInt(3000),
  /** Set by the launcher for its children: they stop when it is gone (no orphaned servers). */
  LAUNCHER_PID: z.coerce.number().int().positive().optional(),

  DOCKER_SOCKET_PATH: z.string().default("/var/run/docker.sock"),
  /** Override the runner image; by default the tag is derived from a hash of runner-image/. */
  RUNNER_IMAGE: z.string().optional(),
  /** Runs one worker executes at once; by default one per CPU core. */
  RUNNER_MAX_CONCURRENCY: positiveInt(os.availableParallelism()),
  /** Warm-pool containers a worker keeps started and waiting; default its concurrency, 0 = none. */
  RUNNER_POOL_SIZE: z.coerce.number().int().min(0).optional(),
  /** A pool container idle longer than this is replaced by a fresh one. */
  RUNNER_POOL_IDLE_SECONDS: positiveInt(600),
  RUNNER_TIMEOUT_SANDBOX_SECONDS: positiveInt(60),
  RUNNER_TIMEOUT_PRODUCTION_SECONDS: positiveInt(120),
  RUNNER_CPU_LIMIT: z.coerce.number().positive().default(1),
  RUNNER_MEMORY_LIMIT: byteSize("1g"),
  RUNNER_PIDS_LIMIT: positiveInt(256),
  RUNNER_WORK_SIZE: byteSize("512m"),
  RUNNER_TMP_SIZE: byteSize("256m"),
  /** A worker silent for this long is dead: its running runs are failed and its containers reaped. */
  WORKER_STALE_SECONDS: positiveInt(30),
  RUNNER_MAX_ARTIFACT_FILES: positiveInt(1000),
  RUNNER_MAX_ARTIFACT_BYTES: byteSize("500m"),

  UPLOAD_MAX_FILES: positiveInt(20),
  UPLOAD_MAX_FILE_BYTES: byteSize("20m"),
  UPLOAD_MAX_TOTAL_BYTES: byteSize("50m"),

  /**
   * How many reverse proxies stand in front of the web server. 0 (the default): none, so
   * X-Forwarded-For/-Host/-Proto are a client's own words and are ignored; N: the client address
   * is the N-th from the right of X-Forwarded-For, and scheme and host come from the proxy's
   * X-Forwarded-Proto and X-Forwarded-Host.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Queued + running runs one person may have at once (KÖR, Kör igen, follow-up actions and
   * TESTKÖR together). Keeps one user — or one script looping over the API — from filling the
   * queue that every other teacher waits in.
   */
  RUN_MAX_ACTIVE_PER_USER: positiveInt(4),
  /**
   * Largest request body the web server reads for anything but the two upload routes (tRPC,
   * sign-in, server actions). A saved script of 200 000 characters fits with room to spare.
   */
  HTTP_MAX_BODY_BYTES: byteSize("2m"),
  /** Operations (README, "Operating it"): log level, metrics scrape token, worker metrics port. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Bearer token for /api/metrics; without it only loopback may scrape. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Each worker serves its own /metrics here (0 = off). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  /** An upload that sends no bytes for this long is cut off and nothing of it is kept. */
  UPLOAD_STALL_SECONDS: positiveInt(30),

  /**
   * Pupils' data: a finished run's uploaded files, artifacts and stored result (UI payload,
   * logs, input values) are deleted this many days after it finished; the run row stays as
   * history. The original kept artifacts 7 days.
   */
  RUN_RETENTION_DAYS: positiveInt(7),
});

export type Env = z.infer<typeof schema> & { DATA_DIR: string; ARTIFACTS_ROOT: string };

function loadEnv(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment settings:\n${lines.join("\n")}`);
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ parsed.data.DATA_DIR);
  return {
    ...parsed.data,
    DATA_DIR: dataDir,
    ARTIFACTS_ROOT: path.resolve(/*turbopackIgnore: true*/ parsed.data.ARTIFACTS_ROOT ?? path.join(dataDir, "artifacts")),
  };
}

export const env: Env = loadEnv();

/** The environment for a child process of ours (the launcher's web server and worker). */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
