import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { childProcessEnv, env } from "@/env";

/**
 * Starts `npm run cli -- <command>` as a child of this process: plain node with the tsx loader
 * (one process, so signals reach it directly), told our pid so it stops if we die.
 */
export function spawnCliCommand(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, ["--conditions", "react-server", "--import", "tsx", "src/cli/index.ts", command, ...args], {
    ...options,
    env: options.env ? { ...options.env, LAUNCHER_PID: String(process.pid) } : childProcessEnv({ LAUNCHER_PID: String(process.pid) }),
  });
}

/**
 * In a child started by spawnCliCommand: calls `onGone` once the launcher has died (killed
 * hard, so it could not stop us), so a web server, worker or database never outlives it.
 */
export function stopWhenLauncherDies(onGone: () => void): void {
  const launcher = env.LAUNCHER_PID;
  if (!launcher) return;
  const timer = setInterval(() => {
    try {
      process.kill(launcher, 0);
    } catch {
      clearInterval(timer);
      onGone();
    }
  }, 1000);
  timer.unref();
}
