"use client";

/** Publicera or Begär ändringar for a version under review. */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { problemOf } from "../ui/trpc-errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

/** Stays mounted when the page refreshes after a decision, so its confirmation stays visible. */
export function ReviewActions({
  versionId,
  versionNumber,
  toolId,
  inReview,
  stateLabel,
  inCatalog,
}: {
  versionId: string;
  versionNumber: number;
  toolId: string;
  inReview: boolean;
  stateLabel: string;
  /** Whether teachers can see the tool in the Katalog: what "publicerad" means for them. */
  inCatalog: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [note, setNote] = useState("");
  const [noteError, setNoteError] = useState<string | null>(null);
  const [result, setResult] = useState<{ tone: "success" | "error" | "warning"; text: string; link?: string } | null>(null);
  const publish = useMutation(
    trpc.review.publish.mutationOptions({
      onSuccess: (done) => {
        const archived = done.archivedVersionNumber ? ` Version ${done.archivedVersionNumber} arkiverades.` : "";
        // Say exactly what teachers get: a tool outside the Katalog runs for nobody yet.
        setResult(
          inCatalog
            ? { tone: "success", text: `Version ${done.versionNumber} är godkänd och används nu av alla som kör verktyget i katalogen.${archived}`, link: "Till Testytan" }
            : {
                tone: "warning",
                text: `Version ${done.versionNumber} är godkänd och aktiv, men verktyget syns inte i katalogen än – ingen lärare kan se det.${archived} Gör det synligt under ”Publicering i katalogen” på Testytan.`,
                link: "Till Testytan för att publicera i katalogen",
              },
        );
        router.refresh();
      },
      onError: (error) => setResult({ tone: "error", text: problemOf(error).message }),
    }),
  );
  const requestChanges = useMutation(
    trpc.review.requestChanges.mutationOptions({
      onSuccess: () => {
        setResult({ tone: "success", text: "Författaren har fått din kommentar och ett nytt utkast att arbeta vidare på.", link: "Till Testytan" });
        router.refresh();
      },
      onError: (error) => {
        const problem = problemOf(error);
        if (problem.fieldErrors.note) setNoteError(problem.fieldErrors.note);
        else setResult({ tone: "error", text: problem.message });
      },
    }),
  );
  const busy = publish.isPending || requestChanges.isPending;

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-4 rounded-lg border border-stone-200 bg-white p-5">
      <h2 id={`${id}-heading`} className="font-semibold">
        Beslut
      </h2>
      <div aria-live="polite">
        {result && (
          <Alert tone={result.tone}>
            {result.text}{" "}
            {result.link && (
              <Link href={`/admin/tools/${toolId}?from=review#publicering`} className="font-medium underline">
                {result.link}
              </Link>
            )}
          </Alert>
        )}
      </div>
      {!inReview && !result && (
        <p role="status" className="text-sm text-stone-700">
          Den här versionen väntar inte längre på granskning (status: {stateLabel}).
        </p>
      )}
      {inReview && (
        <div className="grid gap-6 md:grid-cols-2">
          <div className="space-y-2">
            <p className="text-sm text-stone-700">
              Publicera gör version {versionNumber} till den version som användarna kör. Den som används nu arkiveras och kan återställas senare.
            </p>
            <Button disabled={busy} onClick={() => publish.mutate({ versionId })}>
              Publicera version {versionNumber}
            </Button>
          </div>
          <form
            noValidate
            aria-label="Begär ändringar"
            className="space-y-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (!note.trim()) return setNoteError("Skriv vad som behöver ändras.");
              setNoteError(null);
              requestChanges.mutate({ versionId, note });
            }}
          >
            <label htmlFor={`${id}-note`} className="block text-sm font-medium text-stone-800">
              Vad behöver ändras?
            </label>
            <textarea
              id={`${id}-note`}
              rows={3}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              aria-invalid={noteError ? true : undefined}
              aria-describedby={noteError ? `${id}-note-error` : undefined}
              className="block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
            />
            {noteError && (
              <p id={`${id}-note-error`} className="text-sm text-red-700">
                {noteError}
              </p>
            )}
            <Button type="submit" variant="secondary" disabled={busy}>
              Begär ändringar
            </Button>
          </form>
        </div>
      )}
    </section>
  );
}
