/**
 * Why a run did not succeed, in words for teachers. The message itself is the tool's or the
 * runner's text: kept as written (pre-wrap), and set in monospace when it is code-shaped — a
 * Python syntax error points at the column with a caret line that only lines up in monospace.
 */
import type { RunStatus } from "@/lib/domain";

type UnsuccessfulStatus = Extract<RunStatus, "failed" | "timed_out" | "cancelled">;

const TEXTS: Record<UnsuccessfulStatus, { heading: string; fallback: string }> = {
  failed: { heading: "Verktyget stötte på ett problem", fallback: "Verktyget avslutades med ett fel innan det blev klart." },
  timed_out: { heading: "Verktyget tog för lång tid", fallback: "Körningen stoppades eftersom den tog längre tid än tillåtet." },
  cancelled: { heading: "Körningen avbröts", fallback: "Körningen avbröts innan den blev klar." },
};

export function isUnsuccessfulStatus(status: string): status is UnsuccessfulStatus {
  return Object.hasOwn(TEXTS, status);
}

/** A line of only carets/tildes under code (`    ^^^^`), as Python prints for syntax errors. */
export function hasCaretLine(message: string): boolean {
  return /^[ \t]*[~^]*\^[~^]*[ \t]*$/m.test(message);
}

/** Code-shaped: a caret line or a Python traceback, which read best in monospace. */
export function isCodeShaped(message: string): boolean {
  return hasCaretLine(message) || /^Traceback \(most recent call last\):/m.test(message) || /^\s*File ".*", line \d+/m.test(message);
}

export type RunErrorSummaryProps = {
  status: RunStatus | string;
  errorSummary: string | null | undefined;
};

/** Nothing for statuses other than failed, timed_out and cancelled. */
export function RunErrorSummary({ status, errorSummary }: RunErrorSummaryProps) {
  if (!isUnsuccessfulStatus(status)) return null;
  const { heading, fallback } = TEXTS[status];
  const message = errorSummary?.trim() ? errorSummary.replace(/\s+$/, "") : null;
  const tone = status === "cancelled" ? "border-stone-300 bg-stone-100 text-stone-900" : "border-red-300 bg-red-50 text-red-950";
  return (
    <div role={status === "cancelled" ? "status" : "alert"} className={`rounded-md border px-4 py-3 ${tone}`}>
      <h2 className="text-base font-semibold">{heading}</h2>
      {message ? (
        <div
          tabIndex={0}
          className={`mt-2 max-h-96 overflow-auto text-sm ${
            isCodeShaped(message)
              ? // No wrapping at all: a wrapped line would shift the caret away from the column it marks.
                "rounded bg-white/70 p-2 font-mono text-xs leading-relaxed whitespace-pre"
              : "whitespace-pre-wrap break-words"
          }`}
        >
          {message}
        </div>
      ) : (
        <p className="mt-2 text-sm">{fallback}</p>
      )}
    </div>
  );
}
