import fs from "node:fs";

/** Shared figures for the benchmark scripts: median and p95 of a sample, in whole milliseconds. */
export function summarize(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  const median = sorted.length % 2 === 1 ? at(0.5) : ((sorted[sorted.length / 2 - 1] ?? NaN) + (sorted[sorted.length / 2] ?? NaN)) / 2;
  return { median: Math.round(median), p95: Math.round(at(0.95)) };
}

export async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export function printRow(label: string, stats: { median: number; p95: number }) {
  console.log(`${label.padEnd(34)} median ${String(stats.median).padStart(5)} ms   p95 ${String(stats.p95).padStart(5)} ms`);
}

/** Busy and total CPU time of the whole machine so far (from /proc/stat), in clock ticks. */
function cpuTicks(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

/**
 * Starts measuring how busy the machine's CPUs are; the returned function gives the share of
 * all cores used since then (0–1) and the CPU milliseconds used. Shows whether a phase was
 * bound by CPU (near 1) or by waiting (well below).
 */
export function cpuMeter(): () => { busyShare: number; cpuMs: number } {
  const before = cpuTicks();
  return () => {
    const after = cpuTicks();
    const total = after.total - before.total;
    const busy = after.busy - before.busy;
    // USER_HZ is 100 on Linux: one tick = 10 ms of one CPU.
    return { busyShare: total > 0 ? Number((busy / total).toFixed(2)) : 0, cpuMs: busy * 10 };
  };
}
