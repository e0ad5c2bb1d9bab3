/**
 * A Docker daemon of the test's own, to restart under running work without touching the shared
 * daemon other suites use: its own socket, data root, exec root (and so its own containerd),
 * no bridge and no iptables (runner containers have no network anyway). The data root is kept
 * between test runs, so the runner image is loaded into it once per machine (`docker save` of
 * the shared daemon's image, ~30 s) and found there afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";

export type PrivateDockerd = {
  socketPath: string;
  docker: Docker;
  /** Stops the daemon (SIGTERM, as a package upgrade or `systemctl restart docker` would) and starts it again. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
};

// One per checkout: two worktrees' suites never share (or restart) each other's daemon.
const ROOT = path.join(os.tmpdir(), `sk-dockerd-${crypto.createHash("sha256").update(process.cwd()).digest("hex").slice(0, 8)}`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`private dockerd: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startPrivateDockerd(image: string): Promise<PrivateDockerd> {
  fs.mkdirSync(ROOT, { recursive: true });
  const socketPath = path.join(ROOT, "docker.sock");
  const pidFile = path.join(ROOT, "docker.pid");
  // A daemon of an earlier run of this suite that was killed before it could stop it.
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8"));
    if (pid > 0 && alive(pid)) {
      process.kill(pid, "SIGTERM");
      await waitUntil("the leftover daemon to stop", () => !alive(pid), 30_000);
    }
  }
  const docker = new Docker({ socketPath });
  let child: ChildProcess | null = null;

  const start = async () => {
    const log = fs.openSync(path.join(ROOT, "dockerd.log"), "a");
    // In a network namespace of its own: a dockerd started with --bridge=none deletes the host's
    // `docker0` (libnetwork's clean-up of a stale default bridge), which breaks `docker build`
    // on the shared daemon. `unshare` execs dockerd in place, so the child's pid is dockerd's.
    child = spawn(
      "unshare",
      [
        "--net",
        "dockerd",
        `--host=unix://${socketPath}`,
        `--data-root=${path.join(ROOT, "data")}`,
        `--exec-root=${path.join(ROOT, "exec")}`,
        `--pidfile=${pidFile}`,
        "--bridge=none",
        "--iptables=false",
        "--ip6tables=false",
        "--ip-forward=false",
        "--ip-masq=false",
        "--cgroup-parent=sk-test-dockerd",
        // Running containers are killed 2 s into a shutdown (the default waits 10–15 s).
        "--shutdown-timeout=2",
        "--containerd-namespace=sk-test",
        "--containerd-plugins-namespace=sk-test-plugins",
      ],
      { stdio: ["ignore", log, log] },
    );
    fs.closeSync(log);
    await waitUntil(
      "the daemon to answer",
      () =>
        docker.ping().then(
          () => true,
          () => false,
        ),
      60_000,
    );
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGTERM");
    });
  };

  await start();
  const present = await docker
    .getImage(image)
    .inspect()
    .then(
      () => true,
      () => false,
    );
  if (!present) {
    const shared = new Docker();
    const archive = await shared.getImage(image).get();
    const loading = await docker.loadImage(archive);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(loading, (error) => (error ? reject(error) : resolve())));
  }
  return {
    socketPath,
    docker,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
  };
}
