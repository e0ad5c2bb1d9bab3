/**
 * Runs per hour for the last 24 hours as stacked bars (lyckades / misslyckades / avbrutna),
 * drawn as plain SVG on the server: no script, scales to a phone's width, and read by a screen
 * reader as one image whose description says what the bars show.
 */
export type HourBucket = { hour: Date; succeeded: number; failed: number; cancelled: number };

const hourFormat = new Intl.DateTimeFormat("sv-SE", { hour: "2-digit", timeZone: "Europe/Stockholm" });
const hourLabel = (date: Date) => `kl. ${hourFormat.format(date)}`;

const SERIES = [
  { key: "succeeded", label: "lyckades", className: "fill-emerald-600", swatch: "bg-emerald-600" },
  { key: "failed", label: "misslyckades", className: "fill-red-600", swatch: "bg-red-600" },
  { key: "cancelled", label: "avbröts", className: "fill-stone-400", swatch: "bg-stone-400" },
] as const;

/** The chart's text alternative: totals, the busiest hour, and the hours with failures. */
export function describeRunsPerHour(hours: readonly HourBucket[]): string {
  const total = (h: HourBucket) => h.succeeded + h.failed + h.cancelled;
  const sum = (key: (typeof SERIES)[number]["key"]) => hours.reduce((acc, h) => acc + h[key], 0);
  const all = hours.reduce((acc, h) => acc + total(h), 0);
  if (all === 0) return "Inga körningar de senaste 24 timmarna.";
  const busiest = hours.reduce((best, h) => (total(h) > total(best) ? h : best), hours[0]!);
  const failedHours = hours.filter((h) => h.failed > 0).map((h) => `${hourLabel(h.hour)} (${h.failed})`);
  return [
    `${all} ${all === 1 ? "körning" : "körningar"} de senaste 24 timmarna: ${sum("succeeded")} lyckades, ${sum("failed")} misslyckades, ${sum("cancelled")} avbröts.`,
    `Flest körningar ${hourLabel(busiest.hour)}: ${total(busiest)}.`,
    failedHours.length > 0 ? `Misslyckade körningar ${failedHours.join(", ")}.` : "Inga misslyckade körningar.",
  ].join(" ");
}

export function RunsPerHourChart({ hours }: { hours: readonly HourBucket[] }) {
  const width = 480;
  const height = 160;
  const top = 12;
  const bottom = 22;
  const left = 28;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...hours.map((h) => h.succeeded + h.failed + h.cancelled));
  const slot = (width - left) / Math.max(1, hours.length);
  const description = describeRunsPerHour(hours);

  return (
    <figure className="rounded-lg border border-stone-200 bg-white p-4">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="runs-per-hour-title" aria-describedby="runs-per-hour-summary" className="h-auto w-full" data-testid="runs-per-hour-chart">
        <title id="runs-per-hour-title">Körningar per timme, senaste 24 timmarna</title>
        <line x1={left} x2={width} y1={top + plotHeight} y2={top + plotHeight} className="stroke-stone-300" />
        <text x={left - 4} y={top + 4} textAnchor="end" className="fill-stone-500 text-[12px]">
          {max}
        </text>
        <text x={left - 4} y={top + plotHeight} textAnchor="end" className="fill-stone-500 text-[12px]">
          0
        </text>
        {hours.map((h, index) => {
          let y = top + plotHeight;
          const x = left + index * slot + slot * 0.15;
          return (
            <g key={h.hour.toISOString()}>
              {SERIES.map((series) => {
                const count = h[series.key];
                if (count === 0) return null;
                const barHeight = (count / max) * plotHeight;
                y -= barHeight;
                return <rect key={series.key} x={x} y={y} width={slot * 0.7} height={barHeight} className={series.className} />;
              })}
              {index % 3 === 0 && (
                <text x={x + slot * 0.35} y={height - 6} textAnchor="middle" className="fill-stone-500 text-[12px]">
                  {hourFormat.format(h.hour)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-3 text-sm text-stone-700">
        <ul className="mb-2 flex flex-wrap gap-4" aria-label="Färger i diagrammet">
          {SERIES.map((series) => (
            <li key={series.key} className="flex items-center gap-1.5">
              <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-sm ${series.swatch}`} />
              {series.label}
            </li>
          ))}
        </ul>
        <p id="runs-per-hour-summary" data-testid="runs-per-hour-summary">
          {description}
        </p>
      </figcaption>
    </figure>
  );
}
