"use client";

/** Nytt verktyg: a title and a summary, then straight into the new tool's Testyta. */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextAreaField, TextField } from "../ui/field";
import { problemOf } from "../ui/trpc-errors";

export function NewToolForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [summary, setSummary] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const create = useMutation(
    trpc.myTools.create.mutationOptions({
      onSuccess: (tool) => router.push(`/admin/tools/${tool.id}`),
      onError: (error) => {
        const problem = problemOf(error, "Verktyget kunde inte skapas.");
        setErrors(problem.fieldErrors);
        setMessage(problem.message);
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    if (!title.trim()) {
      setErrors({ title: "Skriv en titel." });
      return;
    }
    setErrors({});
    create.mutate({ title, summary });
  }

  if (!open) {
    return <Button onClick={() => setOpen(true)}>Nytt verktyg</Button>;
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Nytt verktyg" className="w-full space-y-4 rounded-lg border border-stone-200 bg-white p-5">
      <h2 className="text-lg font-semibold">Nytt verktyg</h2>
      <p className="text-sm text-stone-600">
        Verktyget får ett startskript som fungerar direkt. Du skriver och testkör det i Testytan; det syns för användarna först när en administratör har publicerat det.
      </p>
      {message && <Alert tone="error">{message}</Alert>}
      <TextField label="Titel" value={title} onChange={(event) => setTitle(event.target.value)} error={errors.title} maxLength={120} autoFocus />
      <TextAreaField
        label="Sammanfattning"
        rows={2}
        maxLength={500}
        value={summary}
        onChange={(event) => setSummary(event.target.value)}
        hint="En mening om vad verktyget gör. Visas i katalogen."
        error={errors.summary}
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Skapar…" : "Skapa verktyget"}
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Avbryt
        </Button>
      </div>
    </form>
  );
}
