const dateTime = new Intl.DateTimeFormat("sv-SE", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Stockholm" });

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "–";
  return dateTime.format(typeof value === "string" ? new Date(value) : value);
}

const dayOfMonth = new Intl.DateTimeFormat("sv-SE", { day: "numeric", month: "long", timeZone: "Europe/Stockholm" });

/** "8 december": a day a teacher reads in a sentence. */
export function formatDay(value: Date | string): string {
  return dayOfMonth.format(typeof value === "string" ? new Date(value) : value);
}

/** A count with its noun: (1, "dag", "dagar") → "1 dag", (7, …) → "7 dagar". */
export const formatCount = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * 1536 → "1,5 kB" (Swedish decimal comma). 1024-based, as the limits are set ("20m" is 20 MiB
 * and must read "20 MB", not "21 MB").
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString("sv-SE", { maximumFractionDigits: value < 10 ? 1 : 0 })} ${units[unit]}`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toLocaleString("sv-SE", { maximumFractionDigits: 1 })} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
