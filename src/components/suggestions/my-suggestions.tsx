"use client";

import { useQuery } from "@tanstack/react-query";
import { SUGGESTION_STATUS_LABELS } from "@/lib/everyday-schemas";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { Badge } from "../ui/badge";
import { taxonomyLabels } from "./taxonomy-checkboxes";

export const STATUS_TONES = { pending: "bg-amber-100 text-amber-900", accepted: "bg-emerald-100 text-emerald-900", declined: "bg-stone-200 text-stone-800" } as const;

/** Mina förslag: what the signed-in person suggested and what was decided. */
export function MySuggestions() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.suggestion.mine.queryOptions());
  if (mine.isPending) return <p className="text-sm text-stone-600">Hämtar dina förslag…</p>;
  if (mine.isError) return <p className="text-sm text-red-700">Dina förslag kunde inte hämtas. Ladda om sidan.</p>;
  if (mine.data.length === 0) return <p className="text-sm text-stone-600">Du har inte föreslagit några verktyg ännu.</p>;
  return (
    <ul className="space-y-3">
      {mine.data.map((s) => (
        <li key={s.id} className="rounded-lg border border-stone-200 bg-white p-4 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-semibold text-stone-900 break-words">{s.title}</h3>
            <Badge tone={STATUS_TONES[s.status]}>{SUGGESTION_STATUS_LABELS[s.status]}</Badge>
          </div>
          <p className="mt-1 text-stone-600">
            Skickat {formatDateTime(s.createdAt)}
            {taxonomyLabels(s.professions, s.categories) && ` · ${taxonomyLabels(s.professions, s.categories)}`}
          </p>
          {s.status === "accepted" && (
            <p className="mt-2 text-stone-800">
              Antaget{s.toolTitle ? ` – verktyget ”${s.toolTitle}” håller på att byggas och syns i katalogen när det är klart` : ""}.
              {s.decisionNote && <> Kommentar: {s.decisionNote}</>}
            </p>
          )}
          {s.status === "declined" && <p className="mt-2 text-stone-800">Avböjt: {s.decisionNote}</p>}
        </li>
      ))}
    </ul>
  );
}
