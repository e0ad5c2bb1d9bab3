/**
 * What the runner and queue benchmarks share: the trivial script they time, the bare
 * `docker run` baseline under the same limits the platform sets, and the throwaway tool
 * (owner, maintainer, version 1) the queued runs belong to.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { env } from "../../src/env";
import type { getDb } from "../../src/server/db/client";
import { toolMaintainers, tools, toolVersions, users } from "../../src/server/db/schema";

export const SCRIPT = `def run_tool(input_dir, output_dir):\n    return "<p>Hej</p>"\n`;
const BARE_SCRIPT = `print("<p>Hej</p>")\n`;

const run = promisify(execFile);

/** The baseline: the same script as plain Python in `docker run --rm`, under the runner's limits. */
export async function bareDockerRun(image: string) {
  const mb = (bytes: number) => `${Math.floor(bytes / 1024 / 1024)}m`;
  const args = [
    "run", "--rm", "-i", "--network", "none", "--read-only", "--user", "10001:10001", "--cap-drop", "ALL",
    "--security-opt", "no-new-privileges", "--pids-limit", String(env.RUNNER_PIDS_LIMIT),
    "--memory", mb(env.RUNNER_MEMORY_LIMIT), "--memory-swap", mb(env.RUNNER_MEMORY_LIMIT), "--cpus", String(env.RUNNER_CPU_LIMIT),
    "--tmpfs", `/tmp:rw,noexec,nosuid,nodev,size=${mb(env.RUNNER_TMP_SIZE)}`,
    "--tmpfs", `/work:rw,nosuid,nodev,size=${mb(env.RUNNER_WORK_SIZE)},uid=10001,gid=10001,mode=0700`,
    "--entrypoint", "python3", image, "-c", BARE_SCRIPT,
  ];
  const { stdout } = await run("docker", args);
  if (!stdout.includes("Hej")) throw new Error(`unexpected output: ${stdout}`);
}

/** A fresh owner and tool named `<prefix>-<now>`, with SCRIPT as version 1. */
export async function insertBenchTool(db: ReturnType<typeof getDb>, prefix: string) {
  const stamp = Date.now();
  const [owner] = await db
    .insert(users)
    .values({ email: `${prefix}-${stamp}@bench.test`, displayName: "Bench", role: "contributor", passwordHash: "x" })
    .returning();
  const [tool] = await db.insert(tools).values({ slug: `${prefix}-${stamp}`, title: "Bench", ownerId: owner!.id }).returning();
  await db.insert(toolMaintainers).values({ toolId: tool!.id, userId: owner!.id });
  const [version] = await db
    .insert(toolVersions)
    .values({ toolId: tool!.id, versionNumber: 1, sourceCode: SCRIPT, contentHash: "bench", createdBy: owner!.id })
    .returning();
  return { owner: owner!, tool: tool!, version: version! };
}
