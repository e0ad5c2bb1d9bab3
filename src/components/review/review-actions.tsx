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
}: {
  versionId: string;
  versionNumber: number;
  toolId: string;
  inReview: boolean;
  stateLabel: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [note, setNote] = useState("");
  const [noteError, setNoteError] = useState<string | null>(null);
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const publish = useMutation(
    trpc.review.publish.mutationOptions({
      onSuccess: (done) => {
        setResult({
          tone: "success",
          text: `Version ${done.versionNumber} är publicerad och används nu${done.archivedVersionNumber ? ` (version ${done.archivedVersionNumber} arkiverades)` : ""}.`,
        });
        router.refresh();
      },
      onError: (error) => setResult({ tone: "error", text: problemOf(error).message }),
    }),
  );
  const requestChanges = useMutation(
    trpc.review.requestChanges.mutationOptions({
      onSuccess: () => {
        setResult({ tone: "success", text: "Författaren har fått din kommentar och ett nytt utkast att arbeta vidare på." });
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
            {result.tone === "success" && (
              <Link href={`/admin/tools/${toolId}`} className="font-medium underline">
                Till Testytan
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
