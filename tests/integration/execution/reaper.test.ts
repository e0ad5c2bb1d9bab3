import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LABEL_MANAGED, LABEL_RUN_ID, containerSpec } from "@/server/execution/container-spec";
import { defaultRunnerLimits } from "@/server/execution/docker-runner";
import { reapContainers } from "@/server/execution/reaper";
import { ensureRunnerImage } from "@/server/execution/runner-image";
import { docker, leftovers } from "../../support/execution/harness";

const orphan = `test-reaper-orphan-${randomUUID()}`;
const live = `test-reaper-live-${randomUUID()}`;
const kept = `test-reaper-kept-${randomUUID()}`;

async function create(runId: string, deadline: Date) {
  const image = await ensureRunnerImage();
  return docker.createContainer(containerSpec({ image, runId, limits: defaultRunnerLimits(), deadline }));
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

describe("reapContainers", () => {
  it("removes labelled orphans past their deadline, keeps live and kept runs", async () => {
    await create(orphan, new Date(Date.now() - 1000));
    await create(live, new Date(Date.now() + 600_000));
    await create(kept, new Date(Date.now() - 1000));
    // Containers of other suites on this daemon are not this test's to remove.
    const others = (await docker.listContainers({ all: true, filters: { label: [`${LABEL_MANAGED}=true`] } }))
      .map((c) => c.Labels?.[LABEL_RUN_ID])
      .filter((id): id is string => !!id && ![orphan, live, kept].includes(id));

    const removed = await reapContainers({ keepRunIds: new Set([kept, ...others]) });
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await leftovers([orphan])).toEqual([]);
    expect(await leftovers([live])).toHaveLength(1);
    expect(await leftovers([kept])).toHaveLength(1);
  });
});
