/**
 * src/env.ts parses process.env when it is imported, so each case stubs the variables, drops
 * the module cache and imports it afresh.
 */
import { afterEach, describe, expect, it, vi } from "vitest";

const MiB = 1024 * 1024;

async function loadEnv(vars: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  vi.resetModules();
  return (await import("@/env")).env;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("pupils' data settings", () => {
  it("keeps run data 7 days and cuts off a stalled upload after 30 s by default", async () => {
    const env = await loadEnv({ RUN_RETENTION_DAYS: undefined, UPLOAD_STALL_SECONDS: undefined });
    expect(env.RUN_RETENTION_DAYS).toBe(7);
    expect(env.UPLOAD_STALL_SECONDS).toBe(30);
  });

  it.each([["RUN_RETENTION_DAYS", "0"], ["RUN_RETENTION_DAYS", "sju"], ["UPLOAD_STALL_SECONDS", "-5"]])("refuses %s=%j, naming it", async (name, value) => {
    await expect(loadEnv({ [name]: value })).rejects.toThrow(name);
  });
});

describe("env byte sizes", () => {
  it.each([
    ["1048576", 1048576],
    ["64k", 64 * 1024],
    ["512m", 512 * MiB],
    ["512M", 512 * MiB],
    ["1g", 1024 * MiB],
    ["2GiB", 2 * 1024 * MiB],
    ["10 MB", 10 * MiB],
    [" 256m ", 256 * MiB],
    ["100b", 100],
  ])("%j → %d bytes", async (raw, bytes) => {
    expect((await loadEnv({ RUNNER_MEMORY_LIMIT: raw })).RUNNER_MEMORY_LIMIT).toBe(bytes);
  });

  it("uses the documented defaults when unset", async () => {
    const env = await loadEnv({ RUNNER_MEMORY_LIMIT: undefined, RUNNER_WORK_SIZE: undefined, UPLOAD_MAX_FILE_BYTES: undefined });
    expect(env.RUNNER_MEMORY_LIMIT).toBe(1024 * MiB);
    expect(env.RUNNER_WORK_SIZE).toBe(512 * MiB);
    expect(env.UPLOAD_MAX_FILE_BYTES).toBe(20 * MiB);
  });

  it.each(["1.5g", "12x", "-1m", "m", "1 tb"])("refuses %j with a message naming the variable", async (raw) => {
    await expect(loadEnv({ UPLOAD_MAX_TOTAL_BYTES: raw })).rejects.toThrow(/UPLOAD_MAX_TOTAL_BYTES: expected a size like 512m or 1g/);
  });

  it("refuses a non-positive count", async () => {
    await expect(loadEnv({ RUNNER_MAX_CONCURRENCY: "0" })).rejects.toThrow(/RUNNER_MAX_CONCURRENCY/);
  });
});
