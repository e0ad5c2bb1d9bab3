"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { SUGGESTION_STATUS_LABELS } from "@/lib/everyday-schemas";
import { formatDateTime } from "@/lib/format";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { SelectField, TextAreaField, TextField } from "../ui/field";
import { problemOf } from "../ui/trpc-errors";
import { STATUS_TONES } from "./my-suggestions";
import { TaxonomyCheckboxes, taxonomyLabels } from "./taxonomy-checkboxes";

type Listing = inferRouterOutputs<AppRouter>["suggestion"]["list"];
type Suggestion = Listing["suggestions"][number];

/** Admin › Förslag: every suggestion, pending first; accept (a draft tool) or decline with a reason. */
export function SuggestionAdmin() {
  const trpc = useTRPC();
  const list = useQuery(trpc.suggestion.list.queryOptions());
  if (list.isPending) return <p className="text-sm text-stone-600">Hämtar förslag…</p>;
  if (list.isError) return <Alert tone="error">Förslagen kunde inte hämtas. Ladda om sidan.</Alert>;
  if (list.data.suggestions.length === 0) return <p className="text-sm text-stone-600">Inga förslag ännu.</p>;
  return (
    <ul className="space-y-4">
      {list.data.suggestions.map((s) => (
        <SuggestionItem key={s.id} suggestion={s} contributors={list.data.contributors} />
      ))}
    </ul>
  );
}

function SuggestionItem({ suggestion: s, contributors }: { suggestion: Suggestion; contributors: Listing["contributors"] }) {
  const [mode, setMode] = useState<"none" | "accept" | "decline">("none");
  const titleId = `suggestion-${s.id}`;
  return (
    <li aria-labelledby={titleId} className="rounded-lg border border-stone-200 bg-white p-4 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={titleId} className="text-base font-semibold text-stone-900 break-words">
          {s.title}
        </h2>
        <Badge tone={STATUS_TONES[s.status]}>{SUGGESTION_STATUS_LABELS[s.status]}</Badge>
      </div>
      <p className="mt-1 text-stone-600">
        Från {s.suggestedBy} ({s.suggestedByEmail}) · {formatDateTime(s.createdAt)}
        {taxonomyLabels(s.professions, s.categories) && ` · ${taxonomyLabels(s.professions, s.categories)}`}
      </p>
      <p className="mt-2 whitespace-pre-wrap break-words text-stone-800">{s.description}</p>
      {s.status === "accepted" && (
        <p className="mt-2">
          Antaget {formatDateTime(s.decidedAt)}.{" "}
          {s.toolId && (
            <Link href={`/admin/tools/${s.toolId}`} className="text-brand-700 underline">
              Öppna utkastet ”{s.toolTitle}”
            </Link>
          )}
          {s.decisionNote && <> Kommentar: {s.decisionNote}</>}
        </p>
      )}
      {s.status === "declined" && <p className="mt-2">Avböjt {formatDateTime(s.decidedAt)}: {s.decisionNote}</p>}
      {s.status === "pending" && mode === "none" && (
        <div className="mt-3 flex flex-wrap gap-2">
          <Button size="sm" onClick={() => setMode("accept")}>
            Anta förslaget…
          </Button>
          <Button size="sm" variant="secondary" onClick={() => setMode("decline")}>
            Avböj…
          </Button>
        </div>
      )}
      {s.status === "pending" && mode !== "none" && <DecisionForm suggestion={s} contributors={contributors} mode={mode} onCancel={() => setMode("none")} />}
    </li>
  );
}

function DecisionForm({
  suggestion: s,
  contributors,
  mode,
  onCancel,
}: {
  suggestion: Suggestion;
  contributors: Listing["contributors"];
  mode: "accept" | "decline";
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(s.title);
  const [taxonomy, setTaxonomy] = useState({ professions: s.professions, categories: s.categories });
  const [maintainerId, setMaintainerId] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const decide = useMutation(
    trpc.suggestion.decide.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.suggestion.list.queryKey() }),
      onError: (error) => {
        const problem = problemOf(error, "Beslutet kunde inte sparas.");
        setErrors(problem.fieldErrors);
        setMessage(problem.message);
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const next: Record<string, string> = {};
    if (mode === "accept" && !title.trim()) next.title = "Skriv ett namn på verktyget.";
    if (mode === "accept" && !maintainerId) next.maintainerId = "Välj vem som ska underhålla verktyget.";
    if (mode === "decline" && !note.trim()) next.note = "Skriv varför förslaget avböjs – den som föreslog det får se det.";
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    decide.mutate(
      mode === "accept"
        ? { decision: "accept", suggestionId: s.id, title, ...taxonomy, maintainerId, note }
        : { decision: "decline", suggestionId: s.id, note },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={mode === "accept" ? `Anta ${s.title}` : `Avböj ${s.title}`} className="mt-3 space-y-4 border-t border-stone-200 pt-3">
      {message && <Alert tone="error">{message}</Alert>}
      {mode === "accept" && (
        <>
          <p className="text-stone-700">Ett utkast till verktyg skapas, som den du väljer underhåller. Det syns i katalogen först när en version är granskad och publicerad.</p>
          <TextField label="Verktygets namn" value={title} onChange={(event) => setTitle(event.target.value)} error={errors.title} maxLength={120} />
          <TaxonomyCheckboxes idPrefix={`decide-${s.id}`} professions={taxonomy.professions} categories={taxonomy.categories} onChange={setTaxonomy} />
          <SelectField label="Vem ska underhålla verktyget?" value={maintainerId} onChange={(event) => setMaintainerId(event.target.value)} error={errors.maintainerId}>
            <option value="">Välj bidragsgivare…</option>
            {contributors.map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName} ({c.email})
              </option>
            ))}
          </SelectField>
        </>
      )}
      <TextAreaField
        label={mode === "accept" ? "Kommentar till den som föreslog (valfri)" : "Varför avböjs förslaget?"}
        rows={3}
        maxLength={2000}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        error={errors.note}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={decide.isPending}>
          {mode === "accept" ? "Anta och skapa utkast" : "Avböj förslaget"}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Avbryt
        </Button>
      </div>
    </form>
  );
}
