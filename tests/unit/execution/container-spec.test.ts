import { describe, expect, it } from "vitest";
import {
  LABEL_DEADLINE,
  containerSpec,
  oversizedEnvEntry,
  runnerEnvironment,
  LABEL_MANAGED,
  LABEL_POOL,
  LABEL_RUN_ID,
} from "@/server/execution/container-spec";

const limits = {
  memoryBytes: 1024 ** 3,
  cpus: 1,
  pidsLimit: 256,
  tmpSizeBytes: 256 * 1024 ** 2,
  workSizeBytes: 512 * 1024 ** 2,
};

function spec() {
  return containerSpec({
    image: "skriptoteket-runner:abc",
    runId: "run-1",
    limits,
    deadline: new Date(1_800_000_000_000),
  });
}

describe("containerSpec", () => {
  it("locks the container down", () => {
    const s = spec();
    const host = s.HostConfig!;
    expect(s.Image).toBe("skriptoteket-runner:abc");
    expect(s.User).toBe("10001:10001");
    expect(s.NetworkDisabled).toBe(true);
    expect(host.NetworkMode).toBe("none");
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.CapDrop).toEqual(["ALL"]);
    expect(host.CapAdd ?? []).toEqual([]);
    expect(host.SecurityOpt).toContain("no-new-privileges");
    expect(host.Privileged).toBe(false);
    expect(host.PidsLimit).toBe(256);
    expect(host.Memory).toBe(1024 ** 3);
    expect(host.MemorySwap).toBe(host.Memory);
    expect(host.NanoCpus).toBe(1_000_000_000);
    expect(host.AutoRemove).toBe(false);
    expect(host.Binds).toEqual([]);
    expect(host.Mounts).toEqual([]);
    expect(host.Devices).toEqual([]);
    expect(host.LogConfig?.Type).toBe("none");
  });

  it("mounts size-capped tmpfs at /tmp (noexec) and /work (owned by the runner)", () => {
    const tmpfs = spec().HostConfig!.Tmpfs!;
    expect(Object.keys(tmpfs).sort()).toEqual(["/tmp", "/work"]);
    expect(tmpfs["/tmp"]).toBe(`rw,noexec,nosuid,nodev,size=${256 * 1024 ** 2}`);
    expect(tmpfs["/work"]).toBe(`rw,nosuid,nodev,size=${512 * 1024 ** 2},uid=10001,gid=10001,mode=0700`);
  });

  it("attaches stdin once, without a TTY, and runs the wrapper", () => {
    const s = spec();
    expect(s).toMatchObject({ OpenStdin: true, StdinOnce: true, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: false });
    expect(s.Entrypoint).toEqual(["python3", "-B", "/opt/skriptoteket/_runner.py"]);
  });

  it("labels the container with the run id", () => {
    expect(spec().Labels).toEqual({
      [LABEL_MANAGED]: "true",
      [LABEL_RUN_ID]: "run-1",
      [LABEL_DEADLINE]: "1800000000000",
    });
  });

  it("carries nothing of a run: no environment of its own (the run's comes in the job)", () => {
    expect(spec().Env).toEqual([]);
    expect(spec().Cmd).toEqual([]);
  });

  it("a pool container differs only in the wrapper's --preload and its pool label", () => {
    const cold = spec();
    const pool = containerSpec({ image: "skriptoteket-runner:abc", runId: "run-1", limits, deadline: new Date(1_800_000_000_000), poolId: "p1" });
    expect(pool.Cmd).toEqual(["--preload"]);
    expect(pool.Labels).toEqual({ ...cold.Labels, [LABEL_POOL]: "p1" });
    const { Cmd: _a, Labels: _b, ...coldRest } = cold;
    const { Cmd: _c, Labels: _d, ...poolRest } = pool;
    expect(poolRest).toEqual(coldRest);
  });

  it("converts fractional CPU limits to NanoCpus", () => {
    const s = containerSpec({ image: "i", runId: "r", limits: { ...limits, cpus: 0.5 }, deadline: new Date() });
    expect(s.HostConfig!.NanoCpus).toBe(500_000_000);
  });
});

describe("runnerEnvironment", () => {
  it("is exactly the contract's variables", () => {
    const env = runnerEnvironment({
      entrypoint: "main",
      inputFiles: [{ name: "elever.csv", bytes: 12 }],
      inputValues: { group_size: 4 },
      timeoutSeconds: 60,
    });
    expect(Object.keys(env).sort()).toEqual([
      "HOME",
      "SKRIPTOTEKET_ENTRYPOINT",
      "SKRIPTOTEKET_INPUTS",
      "SKRIPTOTEKET_INPUT_DIR",
      "SKRIPTOTEKET_INPUT_MANIFEST",
      "SKRIPTOTEKET_MEMORY_PATH",
      "SKRIPTOTEKET_OUTPUT_DIR",
      "SKRIPTOTEKET_RESULT_PATH",
      "SKRIPTOTEKET_SCRIPT_PATH",
      "SKRIPTOTEKET_TIMEOUT_SECONDS",
    ]);
    expect(env.SKRIPTOTEKET_ENTRYPOINT).toBe("main");
    expect(JSON.parse(env.SKRIPTOTEKET_INPUT_MANIFEST!)).toEqual({
      files: [{ name: "elever.csv", path: "/work/input/elever.csv", bytes: 12 }],
    });
    expect(JSON.parse(env.SKRIPTOTEKET_INPUTS!)).toEqual({ group_size: 4 });
    expect(env.HOME).toBe("/tmp/home");
    expect(env.SKRIPTOTEKET_TIMEOUT_SECONDS).toBe("60");
  });

  it("adds SKRIPTOTEKET_ACTION only on an action run", () => {
    const env = runnerEnvironment({
      entrypoint: "run_tool",
      inputFiles: [],
      inputValues: {},
      timeoutSeconds: 5,
      action: { action_id: "next", input: { a: 1 }, state: { step: 2 } },
    });
    expect(JSON.parse(env.SKRIPTOTEKET_ACTION!)).toEqual({ action_id: "next", input: { a: 1 }, state: { step: 2 } });
  });

  it("finds an environment entry too long for execve", () => {
    expect(oversizedEnvEntry({ A: "x" })).toBeNull();
    expect(oversizedEnvEntry({ SKRIPTOTEKET_INPUTS: "x".repeat(200_000) })).toBe("SKRIPTOTEKET_INPUTS");
  });
});
