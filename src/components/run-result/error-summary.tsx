/**
 * Why a run did not succeed, in words for teachers. The message itself is the tool's or the
 * runner's text: kept as written (pre-wrap), and set in monospace when it is code-shaped — a
 * Python syntax error points at the column with a caret line that only lines up in monospace.
 */
import { explainCrash, listNames } from "@/lib/crash-explanation";
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
  /** The tool's maintainers, named under a failed run so the teacher knows whom to ask. */
  maintainerNames?: readonly string[];
};

/** Nothing for statuses other than failed, timed_out and cancelled. */
export function RunErrorSummary({ status, errorSummary, maintainerNames = [] }: RunErrorSummaryProps) {
  if (!isUnsuccessfulStatus(status)) return null;
  const crash = status === "failed" ? explainCrash(errorSummary) : null;
  if (crash) return <CrashSummary cause={crash.cause} exceptionName={crash.exceptionName} maintainerNames={maintainerNames} />;
  const { heading, fallback } = TEXTS[status];
  const message = errorSummary?.trim() ? errorSummary.replace(/\s+$/, "") : null;
  const tone = status === "cancelled" ? "border-stone-300 bg-stone-100 text-stone-900" : "border-red-300 bg-red-50 text-red-950";
  return (
    <div role={status === "cancelled" ? "status" : "alert"} className={`rounded-md border px-4 py-3 ${tone}`}>
      <h3 className="text-base font-semibold">{heading}</h3>
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
      {status === "failed" && <MaintainedBy names={maintainerNames} />}
    </div>
  );
}

function MaintainedBy({ names }: { names: readonly string[] }) {
  if (names.length === 0) return null;
  return <p className="mt-2 text-sm">Verktyget underhålls av {listNames(names)}.</p>;
}

/** A tool that crashed: the contract's English one-liner told as what happened and what to try. */
function CrashSummary({ cause, exceptionName, maintainerNames }: { cause: string; exceptionName: string; maintainerNames: readonly string[] }) {
  const maintainers = listNames(maintainerNames);
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-red-950" data-testid="crash-summary">
      <h3 className="text-base font-semibold">Verktyget kraschade</h3>
      <p className="mt-2 text-sm">{cause}</p>
      <h4 className="mt-3 text-sm font-semibold">Det här kan du prova</h4>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-sm">
        <li>Kontrollera att filen har de kolumner och det format som instruktionerna beskriver.</li>
        <li>Försök igen – med en annan fil eller efter en stund.</li>
        <li>
          {maintainers
            ? `Hör av dig till den som underhåller verktyget: ${maintainers}. Berätta när du körde det; de ser felet i Mina verktyg.`
            : "Hör av dig till den som underhåller verktyget. Berätta när du körde det."}
        </li>
      </ul>
      {/* The exact name helps the maintainer; a teacher can ignore it. */}
      <p className="mt-2 text-xs text-red-900">Teknisk uppgift: {exceptionName}</p>
    </div>
  );
}
