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

/** CPU ticks used so far by the live processes whose command name is one of `names`. */
function processTicks(names: readonly string[]): Record<string, number> {
  const totals: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const name = pid === String(process.pid) ? "benchmark" : names.find((candidate) => comm.startsWith(candidate));
    if (!name || !(name in totals)) continue;
    // utime, stime, cutime, cstime: fields 14–17, counted after the ")" that ends the name.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    totals[name]! += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return totals;
}

/** CPU time of every container process so far (cgroup v1 cpuacct of the docker group), in ns; 0 elsewhere. */
function containersNs(): number {
  try {
    return Number(fs.readFileSync("/sys/fs/cgroup/cpuacct/docker/cpuacct.usage", "utf8"));
  } catch {
    return 0;
  }
}

const TRACKED = ["benchmark", "dockerd", "containerd", "postgres"] as const;

export interface CpuUse {
  /** Share of all cores busy over the phase (0–1): near 1 = bound by CPU, well below = by waiting. */
  busyShare: number;
  /** CPU milliseconds the whole machine used. */
  cpuMs: number;
  /**
   * The same split by who used it: this process (web/worker code in-process), dockerd,
   * containerd, postgres, the containers' own processes, and the rest (containerd shims, runc,
   * docker CLI processes: short-lived, so measured as what is left).
   */
  byProcessMs: Record<string, number>;
}

/** Starts measuring the machine's CPU use; the returned function gives it since then. */
export function cpuMeter(): () => CpuUse {
  const before = cpuTicks();
  const processesBefore = processTicks(TRACKED);
  const containersBefore = containersNs();
  return () => {
    const after = cpuTicks();
    const processesAfter = processTicks(TRACKED);
    const total = after.total - before.total;
    const busy = after.busy - before.busy;
    // USER_HZ is 100 on Linux: one tick = 10 ms of one CPU.
    const byProcessMs: Record<string, number> = {};
    for (const name of TRACKED) byProcessMs[name] = Math.max(0, (processesAfter[name]! - processesBefore[name]!) * 10);
    byProcessMs.containers = Math.round((containersNs() - containersBefore) / 1e6);
    byProcessMs.rest = Math.max(0, busy * 10 - Object.values(byProcessMs).reduce((sum, ms) => sum + ms, 0));
    return { busyShare: total > 0 ? Number((busy / total).toFixed(2)) : 0, cpuMs: busy * 10, byProcessMs };
  };
}
