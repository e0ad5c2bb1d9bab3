import { randomUUID } from "node:crypto";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LABEL_RUN_ID, containerSpec } from "@/server/execution/container-spec";
import { defaultRunnerLimits } from "@/server/execution/docker-runner";
import { reapContainers } from "@/server/execution/reaper";
import { ensureRunnerImage } from "@/server/execution/runner-image";
import { docker, leftovers } from "../../support/execution/harness";

const orphan = `test-reaper-orphan-${randomUUID()}`;
const live = `test-reaper-live-${randomUUID()}`;
const kept = `test-reaper-kept-${randomUUID()}`;

/** Creates a run container; returns it as a listing shows it (id and labels). */
async function create(runId: string, deadline: Date) {
  const image = await ensureRunnerImage();
  const spec = containerSpec({ image, runId, limits: defaultRunnerLimits(), deadline });
  const container = await docker.createContainer(spec);
  return { Id: container.id, Labels: spec.Labels } as Docker.ContainerInfo;
}

beforeAll(async () => {
  await ensureRunnerImage();
}, 900_000);
afterAll(async () => {
  for (const runId of [orphan, live, kept]) {
    const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_RUN_ID}=${runId}`] } });
    for (const c of containers) await docker.getContainer(c.Id).remove({ force: true, v: true });
  }
});

/** The daemon, recording the ids of the containers asked to be removed. */
function recordingRemovals() {
  const asked: string[] = [];
  const client = Object.create(docker) as typeof docker;
  client.getContainer = (id: string) => {
    const container = docker.getContainer(id);
    const remove = container.remove.bind(container);
    container.remove = ((options?: object) => {
      asked.push(id);
      return remove(options);
    }) as typeof container.remove;
    return container;
  };
  return { client, asked };
}

describe("reapContainers", () => {
  it("removes labelled orphans past their deadline, keeps live and kept runs", async () => {
    const ours = [await create(orphan, new Date(Date.now() - 1000)), await create(live, new Date(Date.now() + 600_000)), await create(kept, new Date(Date.now() - 1000))];
    // Only this test's three: the daemon is shared with other suites, and a worker of theirs may
    // reap `orphan` and `kept` (both past their deadline) too, so what is checked is what this
    // reaper asked the daemon to remove, not only what is left.
    const { client, asked } = recordingRemovals();

    const removed = await reapContainers({ docker: client, containers: ours, keepRunIds: new Set([kept]) });
    expect(asked).toEqual([ours[0]!.Id]);
    expect(removed).toBeLessThanOrEqual(1);
    expect(await leftovers([orphan])).toEqual([]);
    expect(await leftovers([live])).toHaveLength(1);
  });
});
