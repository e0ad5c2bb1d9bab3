import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { FilesystemArtifactStore } from "../../src/server/artifacts/filesystem-artifact-store";
import { getDb } from "../../src/server/db/client";
import { ensureRunnerImage } from "../../src/server/execution/runner-image";
import { startWorker } from "../../src/server/execution/worker";

/**
 * An in-process worker (concurrency 2) on the test database for the test file that calls this
 * (at top level), with a fresh artifact store under `<name>-…`: started in beforeAll once the
 * runner image is there, stopped and the store removed in afterAll. `store` is set by beforeAll.
 */
export function workerPerFile(name: string) {
  const context = {} as { store: FilesystemArtifactStore };
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  beforeAll(async () => {
    await ensureRunnerImage();
    context.store = new FilesystemArtifactStore(fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`)));
    worker = await startWorker({ workerId: `${name}-${process.pid}`, databaseUrl: process.env.DATABASE_URL!, db: getDb(), store: context.store, concurrency: 2, staleSeconds: 30 });
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    if (context.store) fs.rmSync(context.store.root, { recursive: true, force: true });
  });
  return context;
}
