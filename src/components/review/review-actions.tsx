"use client";

/**
 * Publicera or Begär ändringar for a version under review. For a tool teachers cannot see yet,
 * Publicera also settles its Katalog entry (slug and taxonomy) and shows it: one step from
 * review to visible, instead of a publish here and five more at the bottom of the Testyta.
 */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import { TaxonomyCheckboxes } from "../suggestions/taxonomy-checkboxes";
import { problemOf } from "../ui/trpc-errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";

type Result = { tone: "success" | "error" | "warning"; text: string; link?: { href: string; label: string } };

/** What the publish-and-show form starts from: the tool's own entry (a proposed slug for a placeholder). */
export type CatalogEntryDraft = { proposedSlug: string; professions: string[]; categories: string[]; hasActiveVersion: boolean };

/** Stays mounted when the page refreshes after a decision, so its confirmation stays visible. */
export function ReviewActions({
  versionId,
  versionNumber,
  toolId,
  inReview,
  stateLabel,
  inCatalog,
  catalogEntry,
}: {
  versionId: string;
  versionNumber: number;
  toolId: string;
  inReview: boolean;
  stateLabel: string;
  /** Whether teachers can see the tool in the Katalog: what "publicerad" means for them. */
  inCatalog: boolean;
  catalogEntry: CatalogEntryDraft;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [note, setNote] = useState("");
  const [noteError, setNoteError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const testArea = { href: `/admin/tools/${toolId}?from=review#publicering`, label: "Till Testytan" };
  const publish = useMutation(
    trpc.review.publish.mutationOptions({
      onSuccess: (done) => {
        const archived = done.archivedVersionNumber ? ` Version ${done.archivedVersionNumber} arkiverades.` : "";
        // Say exactly what teachers get: a tool outside the Katalog runs for nobody yet.
        setResult(
          inCatalog
            ? { tone: "success", text: `Version ${done.versionNumber} är godkänd och används nu av alla som kör verktyget i katalogen.${archived}`, link: testArea }
            : {
                tone: "warning",
                text: `Version ${done.versionNumber} är godkänd och aktiv, men verktyget är fortfarande dolt i katalogen – ingen lärare kan se det.${archived} Gör det synligt under ”Publicering i katalogen” på Testytan.`,
                link: { href: testArea.href, label: "Till Testytan för att publicera i katalogen" },
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
        setResult({ tone: "success", text: "Författaren har fått din kommentar och ett nytt utkast att arbeta vidare på.", link: testArea });
        router.refresh();
      },
      onError: (error) => {
        const problem = problemOf(error);
        if (problem.fieldErrors.note) setNoteError(problem.fieldErrors.note);
        else setResult({ tone: "error", text: problem.message });
      },
    }),
  );
  const [publishing, setPublishing] = useState(false);
  const busy = publish.isPending || requestChanges.isPending || publishing;
  const publishVersion = () => {
    setResult(null);
    publish.mutate({ versionId });
  };

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
              <Link href={result.link.href} className="font-medium underline">
                {result.link.label}
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
          {inCatalog ? (
            <div className="space-y-2">
              <p className="text-sm text-stone-700">
                Verktyget syns i katalogen. Publicera gör version {versionNumber} till den version som alla kör där. Den som används nu arkiveras och kan återställas senare.
              </p>
              <Button disabled={busy} onClick={publishVersion}>
                Publicera version {versionNumber}
              </Button>
            </div>
          ) : (
            <PublishToCatalogForm
              versionId={versionId}
              versionNumber={versionNumber}
              entry={catalogEntry}
              busy={busy}
              onPendingChange={setPublishing}
              onResult={(next) => {
                setResult(next);
                if (next?.tone === "success") router.refresh();
              }}
              // A tool once shown and then hidden (Avpublicera) may take a new version and stay hidden.
              onPublishVersionOnly={catalogEntry.hasActiveVersion ? publishVersion : undefined}
            />
          )}
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

/** The fields of the publish-and-show form: a server message for one of them is shown there. */
const FORM_FIELDS = ["slug", "professions", "categories"];

/**
 * The admin confirms the address and says whom the tool is for; the server publishes the version
 * and shows the tool in one call. A refusal names each field at fault and keeps what was entered.
 */
function PublishToCatalogForm({
  versionId,
  versionNumber,
  entry,
  busy,
  onPendingChange,
  onResult,
  onPublishVersionOnly,
}: {
  versionId: string;
  versionNumber: number;
  entry: CatalogEntryDraft;
  busy: boolean;
  onPendingChange: (pending: boolean) => void;
  onResult: (result: Result | null) => void;
  onPublishVersionOnly?: () => void;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [slug, setSlug] = useState(entry.proposedSlug);
  const [taxonomy, setTaxonomy] = useState({ professions: entry.professions, categories: entry.categories });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const publishToCatalog = useMutation(
    trpc.review.publishToCatalog.mutationOptions({
      onMutate: () => onPendingChange(true),
      onSettled: () => onPendingChange(false),
      onSuccess: (done) => {
        setErrors({});
        const archived = done.archivedVersionNumber ? ` Version ${done.archivedVersionNumber} arkiverades.` : "";
        onResult({
          tone: "success",
          text: `Version ${done.versionNumber} är publicerad och verktyget syns nu i katalogen för alla lärare.${archived}`,
          link: { href: `/tools/${done.slug}`, label: "Öppna verktyget i katalogen" },
        });
      },
      onError: (error) => {
        const problem = problemOf(error);
        setErrors(problem.fieldErrors);
        // Each field's message sits at the field; the headline says that nothing happened.
        const keys = Object.keys(problem.fieldErrors);
        const allShownAtFields = keys.length > 0 && keys.every((key) => FORM_FIELDS.includes(key));
        onResult({ tone: "error", text: allShownAtFields ? "Inget är publicerat än. Rätta det som är markerat nedan och försök igen." : problem.message });
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    onResult(null);
    publishToCatalog.mutate({ versionId, slug, professions: taxonomy.professions as never, categories: taxonomy.categories as never });
  }

  return (
    <form noValidate aria-label="Publicera och visa i katalogen" className="space-y-3" onSubmit={submit}>
      <p className="text-sm text-stone-700">
        Verktyget syns inte i katalogen än. Bekräfta adressen och välj för vilka det är: då publiceras version {versionNumber} och verktyget syns i katalogen för lärarna.
      </p>
      <TextField
        label="Adress (slug)"
        value={slug}
        onChange={(event) => setSlug(event.target.value)}
        error={errors.slug}
        hint={`Verktyget får adressen /tools/${slug || "…"}`}
        autoComplete="off"
        spellCheck={false}
      />
      <TaxonomyCheckboxes
        idPrefix={`${id}-taxonomy`}
        professions={taxonomy.professions}
        categories={taxonomy.categories}
        onChange={setTaxonomy}
        errors={{ professions: errors.professions, categories: errors.categories }}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={busy}>
          Publicera version {versionNumber} och visa i katalogen
        </Button>
        {onPublishVersionOnly && (
          <Button variant="ghost" disabled={busy} onClick={onPublishVersionOnly}>
            Publicera bara versionen (verktyget förblir dolt)
          </Button>
        )}
      </div>
    </form>
  );
}
