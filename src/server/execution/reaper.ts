import "server-only";
import { LABEL_DEADLINE, LABEL_MANAGED, LABEL_RUN_ID } from "./container-spec";
import { docker as defaultDocker, type DockerClient } from "./docker-client";

export interface ReapOptions {
  docker?: DockerClient;
  /** Run ids whose containers still belong to live work (e.g. another worker's runs). */
  keepRunIds?: ReadonlySet<string>;
  /**
   * Also remove containers whose deadline label lies in the future. Only safe when no other
   * process on this Docker daemon runs tools (one worker, no tests, no CLI runs).
   */
  ignoreDeadlines?: boolean;
  /**
   * Run ids known to be finished (from this installation's database): their containers are
   * orphans whatever their deadline says — a worker died and its run was already failed.
   */
  finishedRunIds?: ReadonlySet<string>;
  now?: Date;
}

/**
 * Removes every container (and volume) labelled se.skriptoteket.managed=true, except those of
 * `keepRunIds`. Call it when a worker starts: a worker that died mid-run leaves its container
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
  const filters = { label: [`${LABEL_MANAGED}=true`] };
  const now = (options.now ?? new Date()).getTime();
  let removed = 0;

  const containers = await docker.listContainers({ all: true, filters });
  for (const info of containers) {
    const runId = info.Labels?.[LABEL_RUN_ID];
    if (runId !== undefined && keep.has(runId)) continue;
    const deadline = Number(info.Labels?.[LABEL_DEADLINE]);
    const knownOrphan = runId !== undefined && options.finishedRunIds?.has(runId) === true;
    if (!knownOrphan && !options.ignoreDeadlines && Number.isFinite(deadline) && deadline > now) continue;
    try {
      await docker.getContainer(info.Id).remove({ force: true, v: true });
      removed += 1;
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }

  const { Volumes: volumes } = await docker.listVolumes({ filters });
  for (const volume of volumes ?? []) {
    const runId = volume.Labels?.[LABEL_RUN_ID];
    if (runId !== undefined && keep.has(runId)) continue;
    try {
      await docker.getVolume(volume.Name).remove();
      removed += 1;
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }
  return removed;
}

function isGone(error: unknown): boolean {
  const status = (error as { statusCode?: number }).statusCode;
  // 404: already removed; 409: removal already in progress.
  return status === 404 || status === 409;
}
