"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextAreaField, TextField } from "../ui/field";
import { problemOf } from "../ui/trpc-errors";
import { TaxonomyCheckboxes } from "./taxonomy-checkboxes";

/** Föreslå verktyg: what it should do and for whom; an admin decides. */
export function SuggestToolForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [taxonomy, setTaxonomy] = useState<{ professions: string[]; categories: string[] }>({ professions: [], categories: [] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const create = useMutation(
    trpc.suggestion.create.mutationOptions({
      onSuccess: async () => {
        setTitle("");
        setDescription("");
        setTaxonomy({ professions: [], categories: [] });
        await queryClient.invalidateQueries({ queryKey: trpc.suggestion.mine.queryKey() });
      },
      onError: (error) => {
        const problem = problemOf(error, "Förslaget kunde inte skickas.");
        setErrors(problem.fieldErrors);
        setMessage(problem.message);
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const next: Record<string, string> = {};
    if (!title.trim()) next.title = "Skriv ett namn på verktyget.";
    if (description.trim().length < 10) next.description = "Beskriv med några meningar vad verktyget ska göra (minst 10 tecken).";
    setErrors(next);
    if (Object.keys(next).length > 0) {
      setMessage("Rätta det som är markerat och skicka igen.");
      return;
    }
    create.mutate({ title, description, ...taxonomy });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Föreslå ett verktyg" className="space-y-4 rounded-lg border border-stone-200 bg-white p-5">
      {message && <Alert tone="error">{message}</Alert>}
      {create.isSuccess && (
        <p role="status" className="text-sm text-emerald-800">
          Tack! Förslaget är skickat. Du ser beslutet under Mina förslag.
        </p>
      )}
      <TextField label="Vad ska verktyget heta?" value={title} onChange={(event) => setTitle(event.target.value)} error={errors.title} maxLength={120} />
      <TextAreaField
        label="Vad ska verktyget göra?"
        rows={5}
        maxLength={4000}
        value={description}
        onChange={(event) => setDescription(event.target.value)}
        hint="Beskriv vad du lämnar in (t.ex. en klasslista från Skolverket) och vad du vill få tillbaka. Skriv inga elevuppgifter här."
        error={errors.description}
      />
      <TaxonomyCheckboxes idPrefix="suggest" professions={taxonomy.professions} categories={taxonomy.categories} onChange={setTaxonomy} />
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? "Skickar…" : "Skicka förslaget"}
      </Button>
    </form>
  );
}
