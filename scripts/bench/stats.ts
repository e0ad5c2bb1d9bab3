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
