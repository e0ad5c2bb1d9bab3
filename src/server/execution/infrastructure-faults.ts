import "server-only";
import { componentLogger } from "../observability/logger";
import type { DockerClient } from "./docker-client";

const log = componentLogger("worker");

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "ENOENT", "EAI_AGAIN"]);
// postgres.js' own codes for a lost connection, and SQLSTATEs of a server going away.
const POSTGRES_GONE = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT", "57P01", "57P02", "57P03"]);

type Cause = { code?: unknown; message?: unknown; address?: unknown };

function causes(error: unknown): Cause[] {
  const chain: Cause[] = [];
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    chain.push(current as Cause);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** The database could not be reached (down, restarting, network) — not a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some(({ code }) => typeof code === "string" && (NETWORK_CODES.has(code) || POSTGRES_GONE.has(code) || code.startsWith("08")));
}

/**
 * The Docker daemon could not be reached or hung up on us (stopped, restarting): a connection
 * error on its unix socket (an address that is a path — Postgres is reached over TCP), or a
 * request the daemon dropped mid-way.
 */
export function isDockerUnavailable(error: unknown): boolean {
  return causes(error).some(
    ({ code, message, address }) =>
      (typeof code === "string" && NETWORK_CODES.has(code) && typeof address === "string" && address.startsWith("/")) ||
      (typeof message === "string" && /socket hang up/.test(message)),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Repeats `write` while the database is unreachable, with backoff, up to `maxMs`. For the
 * worker's last writes of a run: a run that finished while Postgres restarted keeps its
 * outcome instead of staying `running` (and its worker stays up instead of dying on it).
 */
export async function retryWhileDatabaseDown<T>(what: string, write: () => Promise<T>, maxMs = 10 * 60_000): Promise<T> {
  const deadline = Date.now() + maxMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      return await write();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delay > deadline) throw error;
      log.warn({ err: error, retryInMs: delay }, `database unavailable while ${what}; retrying`);
      await sleep(delay);
    }
  }
}

/**
 * Waits (up to `maxMs`) for the Docker daemon to answer before a worker takes a run, so runs
 * queued during a daemon restart wait in the queue instead of failing. Returns whether it answers.
 */
export async function waitForDocker(docker: DockerClient, maxMs = 2 * 60_000): Promise<boolean> {
  const deadline = Date.now() + maxMs;
  let warned = false;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
    const answers = await docker.ping().then(
      () => true,
      () => false,
    );
    if (answers) {
      if (warned) log.info("Docker answers again; taking runs");
      return true;
    }
    if (Date.now() + delay > deadline) return false;
    if (!warned) log.warn("Docker does not answer; runs wait in the queue until it does");
    warned = true;
    await sleep(delay);
  }
}
