/**
 * Median wall time of a trivial run through executeScript (the production path), N runs after
 * one warm-up:
 *
 *   npx tsx --conditions=react-server tests/support/execution/bench-trivial-run.ts [N]
 *
 * (--conditions=react-server resolves `server-only` the way Next.js does.)
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FilesystemArtifactStore } from "@/server/artifacts/filesystem-artifact-store";
import { executeScript } from "@/server/execution/execute-script";

const runs = Number(process.argv[2] ?? 10);
const root = await fs.mkdtemp(path.join(os.tmpdir(), "bench-"));
const store = new FilesystemArtifactStore(root);
const script = 'def run_tool(input_dir, output_dir):\n    return "<p>ok</p>"\n';

async function once(i: number) {
  const started = performance.now();
  const result = await executeScript({ runId: `bench-${process.pid}-${i}`, script, timeoutSeconds: 30, store });
  if (result.status !== "succeeded") throw new Error(`run ${i}: ${result.status} ${result.errorSummary}`);
  return { wall: performance.now() - started, container: result.durationMs };
}

try {
  await once(-1);
  const samples = [];
  for (let i = 0; i < runs; i += 1) samples.push(await once(i));
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const wall = samples.map((s) => s.wall);
  console.log(
    JSON.stringify({
      runs,
      median_wall_ms: Math.round(median(wall)),
      min_wall_ms: Math.round(Math.min(...wall)),
      max_wall_ms: Math.round(Math.max(...wall)),
      median_container_ms: Math.round(median(samples.map((s) => s.container))),
    }),
  );
} finally {
  await fs.rm(root, { recursive: true, force: true });
}
