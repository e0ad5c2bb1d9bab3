/**
 * Runs one tool script through the production execution path (execute-script) and prints the
 * result as ONE JSON object on stdout:
 *
 *   npx tsx src/cli/run-script.ts FILE.py [--input PATH]... [--inputs-json JSON]
 *     [--settings-json JSON] [--action-json JSON] [--sandbox] [--out DIR]
 *     [--entrypoint NAME] [--timeout SECONDS] [--warm]
 *
 * --warm runs the script the way a worker's warm pool does: through a container that was
 * created, started and preloaded (and is waiting on stdin) before the job is handed over.
 *
 * Also `npm run cli -- run-script FILE.py ...` through src/cli/index.ts (which loads `main`).
 *
 * Exit code 0 when a result was printed (whatever the run's status), 2 on a usage error,
 * 1 when the platform itself failed (Docker unreachable, image build failed).
 */
import { randomUUID } from "node:crypto";
import { createReadStream, promises as fs } from "node:fs";
import { register } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

// The execution modules are marked `import "server-only"`, a package that throws unless it is
// resolved under the "react-server" condition (as inside Next.js, or `tsx --conditions
// react-server` as src/cli/index.ts is run). When this file is run directly with plain `tsx`,
// resolve that one package that way before those modules load.
const SERVER_ONLY_HOOK = `
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") {
    return next(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
  }
  return next(specifier, context);
}`;

const USAGE = `usage: npx tsx src/cli/run-script.ts FILE.py [--input PATH]... [--inputs-json JSON]
       [--settings-json JSON] [--action-json JSON] [--sandbox] [--out DIR]
       [--entrypoint NAME] [--timeout SECONDS] [--warm]`;

class UsageError extends Error {}

interface Args {
  scriptPath: string;
  inputs: string[];
  inputValues: Record<string, unknown>;
  settings: Record<string, unknown>;
  action: { action_id: string; input: Record<string, unknown>; state: Record<string, unknown> } | null;
  sandbox: boolean;
  outDir: string | null;
  entrypoint: string | undefined;
  timeoutSeconds: number | null;
  warm: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    scriptPath: "",
    inputs: [],
    inputValues: {},
    settings: {},
    action: null,
    sandbox: false,
    outDir: null,
    entrypoint: undefined,
    timeoutSeconds: null,
    warm: false,
  };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      i += 1;
      return next;
    };
    switch (arg) {
      case "--input":
        args.inputs.push(value());
        break;
      case "--inputs-json":
        args.inputValues = jsonObject(arg, value());
        break;
      case "--settings-json":
        args.settings = jsonObject(arg, value());
        break;
      case "--action-json": {
        const action = jsonObject(arg, value());
        if (typeof action.action_id !== "string" || !action.action_id) {
          throw new UsageError('--action-json needs {"action_id": "...", "input": {...}, "state": {...}}');
        }
        args.action = {
          action_id: action.action_id,
          input: isObject(action.input) ? action.input : {},
          state: isObject(action.state) ? action.state : {},
        };
        break;
      }
      case "--sandbox":
        args.sandbox = true;
        break;
      case "--warm":
        args.warm = true;
        break;
      case "--out":
        args.outDir = value();
        break;
      case "--entrypoint":
        args.entrypoint = value();
        break;
      case "--timeout": {
        const seconds = Number(value());
        if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError("--timeout needs a positive number of seconds");
        args.timeoutSeconds = seconds;
        break;
      }
      case "-h":
      case "--help":
        throw new UsageError("");
      default:
        if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? "missing FILE.py" : "only one FILE.py");
  args.scriptPath = positional[0]!;
  return args;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function jsonObject(option: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${option} is not valid JSON`);
  }
  if (!isObject(value)) throw new UsageError(`${option} must be a JSON object`);
  return value;
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  let script: string;
  try {
    args = parseArgs(argv);
    script = await fs.readFile(args.scriptPath, "utf8").catch(() => {
      throw new UsageError(`cannot read ${args.scriptPath}`);
    });
    for (const input of args.inputs) {
      const stat = await fs.stat(input).catch(() => null);
      if (!stat?.isFile()) throw new UsageError(`--input ${input} is not a readable file`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`run-script: ${error.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }

  const { FilesystemArtifactStore } = await import("../server/artifacts/filesystem-artifact-store");
  const { executeScript, timeoutForContext } = await import("../server/execution/execute-script");
  const { RunnerPool } = await import("../server/execution/pool");
  const { containersRemoved } = await import("../server/execution/docker-runner");

  const inputFiles = await Promise.all(
    args.inputs.map(async (input) => ({
      name: path.basename(input),
      bytes: (await fs.stat(input)).size,
      open: () => createReadStream(input),
    })),
  );
  const storeRoot = await fs.mkdtemp(path.join(os.tmpdir(), "skriptoteket-run-"));
  const timeoutSeconds = args.timeoutSeconds ?? timeoutForContext(args.sandbox ? "sandbox" : "production");
  // One container, waiting before the hand-over; no refill after it is taken.
  const pool = args.warm ? new RunnerPool({ size: 1, refill: false, maxTimeoutSeconds: timeoutSeconds }) : null;
  try {
    const store = new FilesystemArtifactStore(storeRoot);
    const abort = new AbortController();
    process.once("SIGINT", () => abort.abort());
    await pool?.whenIdle();
    const result = await executeScript({
      pool,
      runId: `cli-${randomUUID()}`,
      script,
      entrypoint: args.entrypoint,
      inputFiles,
      inputValues: args.inputValues,
      settings: args.settings,
      action: args.action,
      timeoutSeconds,
      store,
      signal: abort.signal,
    });

    if (args.outDir) {
      const outDir = path.resolve(args.outDir);
      for (const artifact of result.artifacts) {
        // artifact.path passed the safe-path rules: relative, no "..", no links.
        const target = path.join(outDir, artifact.path.slice("output/".length));
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.copyFile(path.join(store.root, artifact.key), target);
      }
    }

    const printed = {
      status: result.status,
      error_summary: result.errorSummary,
      outputs: result.outputs,
      next_actions: result.nextActions,
      state: result.state,
      artifacts: result.artifacts.map(({ path: artifactPath, bytes, sha256 }) => ({ path: artifactPath, bytes, sha256 })),
      stdout: result.stdout,
      stderr: result.stderr,
      stdout_truncated: result.stdoutTruncated,
      stderr_truncated: result.stderrTruncated,
      duration_ms: result.durationMs,
      ...(args.warm ? { warm: result.warm } : {}),
    };
    process.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
    return 0;
  } finally {
    await containersRemoved();
    await pool?.stop();
    await fs.rm(storeRoot, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  register(`data:text/javascript,${encodeURIComponent(SERVER_ONLY_HOOK)}`, import.meta.url);
  let finished = false;
  // A promise that can never settle would otherwise end the process silently with code 0.
  process.once("beforeExit", () => {
    if (!finished) {
      process.stderr.write("run-script: internal error: the run never finished\n");
      process.exitCode = 1;
    }
  });
  main(process.argv.slice(2)).then(
    (code) => {
      finished = true;
      process.exitCode = code;
    },
    (error: unknown) => {
      finished = true;
      process.stderr.write(`run-script: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
