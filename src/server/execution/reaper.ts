import "server-only";
import type Docker from "dockerode";
import { LABEL_DEADLINE, LABEL_MANAGED, LABEL_RUN_ID } from "./container-spec";
import { docker as defaultDocker, type DockerClient } from "./docker-client";

export interface ReapOptions {
  docker?: DockerClient;
  /** Run ids whose containers still belong to live work (e.g. another worker's runs). */
  keepRunIds?: ReadonlySet<string>;
  /**
   * Run ids known to be finished (from this installation's database): their containers are
   * orphans whatever their deadline says — a worker died and its run was already failed.
   */
  finishedRunIds?: ReadonlySet<string>;
  /** The labelled containers, when the caller has just listed them; listed here otherwise. */
  containers?: readonly Docker.ContainerInfo[];
}

/**
 * Removes every container labelled se.skriptoteket.managed=true, except those of
 * `keepRunIds`. Every worker calls it on each heartbeat (reapOrphanContainers): a worker that died mid-run leaves its container
 * behind, and runContainer's `finally` never ran for it. Returns the number removed.
 *
 * A container is left alone while its deadline label (LABEL_DEADLINE) lies in the future: its
 * creator may be alive — another worker, a CLI run, another test suite on the same daemon —
 * and will remove it itself. Past the deadline the creator would have killed it, so it is an
 * orphan. An orphan still running is harmless until then: the wrapper stops the tool at its
 * timeout, and closing the dead worker's attach socket closed its stdin.
 */
export async function reapContainers(options: ReapOptions = {}): Promise<number> {
  const docker = options.docker ?? defaultDocker;
  const keep = options.keepRunIds ?? new Set<string>();
  const now = Date.now();
  let removed = 0;

  const containers = options.containers ?? (await listManagedContainers(docker));
  for (const info of containers) {
    const runId = info.Labels?.[LABEL_RUN_ID];
    if (runId !== undefined && keep.has(runId)) continue;
    const deadline = Number(info.Labels?.[LABEL_DEADLINE]);
    const knownOrphan = runId !== undefined && options.finishedRunIds?.has(runId) === true;
    if (!knownOrphan && Number.isFinite(deadline) && deadline > now) continue;
    try {
      await docker.getContainer(info.Id).remove({ force: true, v: true });
      removed += 1;
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }
  return removed;
}

/** Every container (running or not) that a runner created. */
export function listManagedContainers(docker: DockerClient = defaultDocker): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${LABEL_MANAGED}=true`] } });
}

function isGone(error: unknown): boolean {
  const status = (error as { statusCode?: number }).statusCode;
  // 404: already removed; 409: removal already in progress.
  return status === 404 || status === 409;
}
