/**
 * The output stream under pressure: a busy CPU and an artifact store slower than the
 * container. The run must wait until the last byte Docker sent has been stored, not until the
 * attach socket closes.
 *
 * Found by a stress loop of real runs on a busy machine: the socket closed while the demuxer
 * still held the archive's last frames, the archive was ended early ("Unexpected end of
 * data") and two good runs in three failed — and the unhandled stream error crashed the
 * process. Before the fix the busy-CPU case below failed on its first runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ArtifactStore } from "@/server/artifacts/artifact-store";
import { FilesystemArtifactStore } from "@/server/artifacts/filesystem-artifact-store";
import { ensureRunnerImage } from "@/server/execution/runner-image";
import { demoToolSourcePath } from "@/server/demo-tools/seed-demo-tools";
import { createHarness, expectHostClean, inputFile, type Harness } from "../../support/execution/harness";

let h: Harness;

beforeAll(async () => {
  await ensureRunnerImage();
  h = await createHarness("pressure");
}, 900_000);
afterAll(async () => {
  await h?.cleanup();
});

/** The harness's store, taking a few milliseconds over every chunk it writes. */
function slowStore(store: FilesystemArtifactStore): ArtifactStore {
  return Object.assign(Object.create(store) as FilesystemArtifactStore, {
    put: (key: string, body: Readable, options: Parameters<ArtifactStore["put"]>[2]) => {
      async function* slowly() {
        for await (const chunk of body) {
          await new Promise((resolve) => setTimeout(resolve, 3));
          yield chunk as Buffer;
        }
      }
      return store.put(key, Readable.from(slowly()), options);
    },
  });
}

const FILES = 24;
const FILE_BYTES = 256 * 1024;

it("stores every file whole when the store is slower than the container", async () => {
  const result = await h.run(
    `
import os, random

def run_tool(input_dir, output_dir):
    rng = random.Random(7)
    for i in range(${FILES}):
        with open(os.path.join(output_dir, f"del-{i:02d}.bin"), "wb") as handle:
            handle.write(rng.randbytes(${FILE_BYTES}))
    return {"outputs": [{"kind": "notice", "level": "info", "message": "klart"}]}
`,
    { store: slowStore(h.store), timeoutSeconds: 60 },
  );
  expect({ status: result.status, errorSummary: result.errorSummary, notices: result.notices }).toEqual({ status: "succeeded", errorSummary: null, notices: [] });
  expect(result.artifacts.map((artifact) => artifact.path)).toEqual(Array.from({ length: FILES }, (_, i) => `output/del-${String(i).padStart(2, "0")}.bin`));
  for (const artifact of result.artifacts) {
    const bytes = await fs.readFile(path.join(h.root, artifact.key));
    expect(bytes.length).toBe(FILE_BYTES);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(artifact.sha256);
  }
  await expectHostClean(h, result);
}, 120_000);

/** Busy loops on every core, as when several runs and a build share the machine. */
function busyCpus(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
}

it("finishes every run whole while the CPU is busy", async () => {
  const source = readFileSync(demoToolSourcePath("betyg-och-franvaro"), "utf8");
  const grades = ["Elev;Ämne;Betyg;Frånvaro (%)"];
  for (const pupil of ["Anna Berg", "Bo Ek", "Cia Lund", "Dan Holm", "Eva Ström", "Finn Ros"]) {
    for (const [index, subject] of ["Matematik", "Svenska", "Engelska", "Biologi"].entries()) grades.push(`${pupil};${subject};${"ABCDEF"[(pupil.length + index) % 6]};${(pupil.length * 3 + index) % 25}`);
  }
  const busy = busyCpus(2);
  // And this process's own event loop stalls now and then, as a worker's does when it is busy:
  // the socket's last data and its close then arrive together.
  const stalls = setInterval(() => {
    const until = Date.now() + 15;
    while (Date.now() < until);
  }, 20);
  const outcomes: string[] = [];
  try {
    for (let round = 0; round < 12; round += 1) {
      const result = await h.run(source, { inputFiles: [inputFile("betyg.csv", `${grades.join("\n")}\n`)], timeoutSeconds: 60 });
      outcomes.push(result.status === "succeeded" && result.artifacts.length > 0 ? "ok" : `${result.status}: ${result.errorSummary}`);
      await expectHostClean(h, result);
    }
  } finally {
    clearInterval(stalls);
    for (const child of busy) child.kill("SIGKILL");
  }
  expect(outcomes).toEqual(Array.from({ length: 12 }, () => "ok"));
}, 300_000);
