"use client";

/** Skicka för granskning: the newest saved draft goes to the admins with a short change summary. */
import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import { formatDateTime } from "@/lib/format";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { problemOf } from "../ui/trpc-errors";

type TestArea = inferRouterOutputs<AppRouter>["version"]["testArea"];

export function SubmitPanel({ area, dirty, onSubmitted }: { area: TestArea; dirty: boolean; onSubmitted: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const [summary, setSummary] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = useMutation(
    trpc.version.submit.mutationOptions({
      onSuccess: (result) => {
        setDone(`Version ${result.versionNumber} är skickad för granskning. En administratör tittar på den och publicerar den eller ber om ändringar.`);
        setSummary("");
        onSubmitted();
      },
      onError: (problem) => setError(problemOf(problem).message),
    }),
  );
  const head = area.head;
  const waiting = area.versions.find((version) => version.state === "in_review");

  function send(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(null);
    if (!summary.trim()) return setError("Beskriv kort vad som är ändrat, så att granskaren vet vad hen ska titta på.");
    submit.mutate({ versionId: head.id, changeSummary: summary });
  }

  let body;
  if (waiting) {
    body = (
      <p className="text-sm text-stone-700">
        Version {waiting.versionNumber} väntar på granskning sedan {formatDateTime(waiting.submittedAt)}. Du kan fortsätta spara utkast under tiden; nästa version kan skickas in när
        granskningen är klar.
      </p>
    );
  } else if (head.state !== "draft") {
    body = <p className="text-sm text-stone-700">Det finns inget nytt utkast att skicka in. Spara en ändring först.</p>;
  } else if (dirty) {
    body = <p className="text-sm text-stone-700">Spara dina ändringar först – det är den sparade versionen som granskas.</p>;
  } else {
    body = (
      <form onSubmit={send} noValidate aria-label="Skicka för granskning" className="space-y-3">
        <div>
          <label htmlFor={`${id}-summary`} className="block text-sm font-medium text-stone-800">
            Vad har ändrats i version {head.versionNumber}?
          </label>
          <textarea
            id={`${id}-summary`}
            rows={3}
            value={summary}
            onChange={(event) => setSummary(event.target.value)}
            aria-describedby={`${id}-hint`}
            className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
          />
          <p id={`${id}-hint`} className="mt-1 text-xs text-stone-600">
            Granskaren ser din beskrivning tillsammans med skillnaderna mot den version som används nu.
          </p>
        </div>
        <Button type="submit" disabled={submit.isPending}>
          Skicka för granskning
        </Button>
      </form>
    );
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3 rounded-lg border border-stone-200 bg-white p-5">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        Granskning
      </h2>
      <div aria-live="polite" className="space-y-2">
        {error && <Alert tone="error">{error}</Alert>}
        {done && <Alert tone="success">{done}</Alert>}
      </div>
      {body}
    </section>
  );
}
