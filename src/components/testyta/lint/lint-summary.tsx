"use client";

/**
 * What the script check (src/lib/python-lint.ts) found, as a list under the editor: the same
 * findings as the marks in the editor's gutter, readable without hovering and reachable with the
 * keyboard (each one jumps to its line). Not a live region: it changes with every keystroke.
 */
import type { LintDiagnostic } from "@/lib/python-lint";

export function LintSummary({ diagnostics, onShow }: { diagnostics: LintDiagnostic[]; onShow: (line: number, column: number) => void }) {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length === 0) {
    return (
      <p className="mt-2 text-xs text-stone-600" data-testid="lint-summary">
        Skriptkontrollen hittar inga fel.
      </p>
    );
  }
  const counts = [errors ? `${errors} fel` : null, warnings ? `${warnings} ${warnings === 1 ? "varning" : "varningar"}` : null].filter(Boolean).join(", ");
  return (
    <section aria-label="Skriptkontroll" className="mt-2 rounded-md border border-stone-200 bg-stone-50 p-3" data-testid="lint-summary">
      <h3 className="text-sm font-semibold text-stone-900">Skriptkontroll: {counts}</h3>
      <p className="text-xs text-stone-600">Kontrollen körs medan du skriver, utan TESTKÖR. Den hittar vanliga misstag, inte alla.</p>
      <ul className="mt-2 space-y-1 text-sm">
        {diagnostics.map((d) => (
          <li key={`${d.from}-${d.message}`} className="flex flex-wrap items-baseline gap-x-2">
            <span className={d.severity === "error" ? "font-medium text-red-800" : "font-medium text-amber-900"}>{d.severity === "error" ? "Fel" : "Varning"}</span>
            <button type="button" onClick={() => onShow(d.line, d.column)} className="text-brand-800 underline">
              rad {d.line}, kolumn {d.column}
            </button>
            <span className="text-stone-800">{d.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
