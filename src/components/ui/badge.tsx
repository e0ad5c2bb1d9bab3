import type { ReactNode } from "react";

/** A small rounded status label; `tone` is its background and text colour classes. */
export function Badge({ tone, children }: { tone: string; children: ReactNode }) {
  return <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ${tone}`}>{children}</span>;
}
