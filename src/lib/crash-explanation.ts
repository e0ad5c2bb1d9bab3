/**
 * The runner reports a tool that raised an exception as "Tool execution failed (KeyError)."
 * (RUNNER-CONTRACT §5). The stored text stays as the contract wrote it; this turns it into
 * words for a teacher: what probably happened and what they can try. Pure, for server and UI.
 */

const CONTRACT_CRASH = /^Tool execution failed \(([A-Za-z_][\w.]*)\)\.$/;

/** The exception's name when the summary is the contract's crash text, else null. */
export function crashedWith(errorSummary: string | null | undefined): string | null {
  return CONTRACT_CRASH.exec(errorSummary?.trim() ?? "")?.[1] ?? null;
}

/** What the exception most often means for a teacher's file, by Python's exception name. */
const LIKELY_CAUSE: Record<string, string> = {
  KeyError: "Verktyget letade efter en kolumn eller ett värde som inte finns – ofta en kolumnrubrik som saknas eller är stavad annorlunda i filen.",
  IndexError: "Verktyget hittade färre rader eller kolumner än det väntade sig.",
  ValueError: "Ett värde i filen hade fel form, till exempel text där verktyget väntade sig en siffra eller ett datum.",
  TypeError: "Ett värde i filen hade en annan typ än verktyget väntade sig, till exempel en tom cell.",
  UnicodeDecodeError: "Filen är sparad med en teckenkodning som verktyget inte kan läsa. Spara den som UTF-8 (CSV UTF-8 i Excel) och försök igen.",
  FileNotFoundError: "Verktyget hittade inte en fil som det behövde. Kontrollera att du valt rätt fil(er).",
  ZeroDivisionError: "Verktyget försökte räkna med ett underlag som var tomt, till exempel en kolumn utan värden.",
  MemoryError: "Filen var för stor för verktyget.",
};

const GENERAL_CAUSE = "Verktyget råkade ut för ett fel i sin egen kod. Det beror oftast på att filen inte ser ut som verktyget väntar sig.";

export type CrashExplanation = { cause: string; exceptionName: string };

export function explainCrash(errorSummary: string | null | undefined): CrashExplanation | null {
  const name = crashedWith(errorSummary);
  if (!name) return null;
  return { exceptionName: name, cause: (Object.hasOwn(LIKELY_CAUSE, name) ? LIKELY_CAUSE[name] : undefined) ?? GENERAL_CAUSE };
}

/** "Anna", "Anna och Bo", "Anna, Bo och Cilla". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} och ${names[names.length - 1]}`;
}
