const dateTime = new Intl.DateTimeFormat("sv-SE", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Stockholm" });

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "–";
  return dateTime.format(typeof value === "string" ? new Date(value) : value);
}
