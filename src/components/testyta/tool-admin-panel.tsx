"use client";

/**
 * What only an admin changes about a tool: its Katalog entry (slug, title, summary,
 * professions, categories), whether it is published in the Katalog, and who maintains it.
 */
import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useState, type FormEvent } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { ConfirmButton } from "../ui/confirm-button";
import { TextAreaField, TextField } from "../ui/field";
import { problemOf } from "../ui/trpc-errors";

type TestArea = inferRouterOutputs<AppRouter>["version"]["testArea"];
type Feedback = { tone: "success" | "error"; text: string } | null;

function toggle(list: string[], value: string, on: boolean): string[] {
  return on ? [...new Set([...list, value])] : list.filter((item) => item !== value);
}

export function ToolAdminPanel({ area, onChanged }: { area: TestArea; onChanged: () => void }) {
  const id = useId();
  // Kept here, not in the form: a save changes the form's key (below), and the
  // "saved" message must outlive the remount that follows the refetch.
  const [metadataFeedback, setMetadataFeedback] = useState<Feedback>(null);
  // Publishing checks the stored entry, so ticked-but-unsaved choices must be named as unsaved.
  const [metadataDirty, setMetadataDirty] = useState(false);
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-6 rounded-lg border border-stone-200 bg-white p-5">
      <div>
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          Administration
        </h2>
        <p className="mt-1 text-sm text-stone-600">Uppgifterna i katalogen, publicering och vilka som underhåller verktyget.</p>
      </div>
      {/* Keyed on the saved values so the form starts over from what the server stored. */}
      <MetadataForm
        key={`${area.tool.slug}|${area.tool.title}|${area.tool.summary}|${area.tool.professions.join()}|${area.tool.categories.join()}`}
        area={area}
        onChanged={onChanged}
        feedback={metadataFeedback}
        setFeedback={setMetadataFeedback}
        onDirtyChange={setMetadataDirty}
      />
      <PublicationControl area={area} onChanged={onChanged} metadataDirty={metadataDirty} />
      <Maintainers area={area} onChanged={onChanged} />
    </section>
  );
}

function MetadataForm({
  area,
  onChanged,
  feedback,
  setFeedback,
  onDirtyChange,
}: {
  area: TestArea;
  onChanged: () => void;
  feedback: Feedback;
  setFeedback: (feedback: Feedback) => void;
  onDirtyChange: (dirty: boolean) => void;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [slug, setSlug] = useState(area.tool.slug);
  const [title, setTitle] = useState(area.tool.title);
  const [summary, setSummary] = useState(area.tool.summary);
  const [professions, setProfessions] = useState<string[]>(area.tool.professions);
  const [categories, setCategories] = useState<string[]>(area.tool.categories);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((item) => b.includes(item));
  const dirty =
    slug !== area.tool.slug ||
    title !== area.tool.title ||
    summary !== area.tool.summary ||
    !sameSet(professions, area.tool.professions) ||
    !sameSet(categories, area.tool.categories);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  const save = useMutation(
    trpc.toolAdmin.updateMetadata.mutationOptions({
      onSuccess: (result) => {
        setErrors({});
        setFeedback({ tone: "success", text: result.changed.length === 0 ? "Inget var ändrat." : "Uppgifterna är sparade." });
        onChanged();
      },
      onError: (error) => {
        const problem = problemOf(error);
        setErrors(problem.fieldErrors);
        setFeedback({ tone: "error", text: problem.message });
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setFeedback(null);
    save.mutate({ toolId: area.tool.id, slug, title, summary, professions: professions as never, categories: categories as never });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Uppgifter i katalogen" className="space-y-4">
      <h3 className="font-semibold">Uppgifter i katalogen</h3>
      <div aria-live="polite">{feedback && <Alert tone={feedback.tone}>{feedback.text}</Alert>}</div>
      <div className="grid gap-4 md:grid-cols-2">
        <TextField label="Titel" value={title} onChange={(event) => setTitle(event.target.value)} error={errors.title} />
        <TextField
          label="Adress (slug)"
          value={slug}
          onChange={(event) => setSlug(event.target.value)}
          error={errors.slug}
          disabled={area.tool.isPublished}
          hint={
            area.tool.isPublished
              ? "Adressen kan inte ändras medan verktyget är publicerat."
              : area.tool.hasPlaceholderSlug
                ? "Det här är en platshållare. Ge verktyget en riktig adress innan det publiceras."
                : `Verktyget får adressen /tools/${slug || "…"}`
          }
        />
      </div>
      <TextAreaField label="Sammanfattning" rows={2} value={summary} onChange={(event) => setSummary(event.target.value)} error={errors.summary} />
      <div className="grid gap-4 md:grid-cols-2">
        <fieldset>
          <legend className="text-sm font-medium text-stone-800">Yrkesroller</legend>
          <div className="mt-1 space-y-1">
            {area.taxonomy.professions.map((profession) => (
              <div key={profession.slug} className="flex items-center gap-2">
                <input
                  id={`${id}-p-${profession.slug}`}
                  type="checkbox"
                  checked={professions.includes(profession.slug)}
                  onChange={(event) => setProfessions((list) => toggle(list, profession.slug, event.target.checked))}
                  className="size-4 accent-brand-700"
                />
                <label htmlFor={`${id}-p-${profession.slug}`} className="text-sm">
                  {profession.label}
                </label>
              </div>
            ))}
          </div>
          {errors.professions && <p className="mt-1 text-sm text-red-700">{errors.professions}</p>}
        </fieldset>
        <fieldset>
          <legend className="text-sm font-medium text-stone-800">Kategorier</legend>
          <div className="mt-1 space-y-1">
            {area.taxonomy.categories.map((category) => (
              <div key={category.slug} className="flex items-center gap-2">
                <input
                  id={`${id}-c-${category.slug}`}
                  type="checkbox"
                  checked={categories.includes(category.slug)}
                  onChange={(event) => setCategories((list) => toggle(list, category.slug, event.target.checked))}
                  className="size-4 accent-brand-700"
                />
                <label htmlFor={`${id}-c-${category.slug}`} className="text-sm">
                  {category.label}
                </label>
              </div>
            ))}
          </div>
          {errors.categories && <p className="mt-1 text-sm text-red-700">{errors.categories}</p>}
        </fieldset>
      </div>
      <Button type="submit" variant="secondary" disabled={save.isPending}>
        Spara uppgifterna
      </Button>
    </form>
  );
}

function PublicationControl({ area, onChanged, metadataDirty }: { area: TestArea; onChanged: () => void; metadataDirty: boolean }) {
  const trpc = useTRPC();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const publish = useMutation(
    trpc.toolAdmin.setPublished.mutationOptions({
      onSuccess: (result) => {
        setFeedback({ tone: "success", text: result.isPublished ? "Verktyget är publicerat i katalogen." : "Verktyget är avpublicerat och syns inte längre i katalogen." });
        onChanged();
      },
      onError: (error) => setFeedback({ tone: "error", text: problemOf(error).message }),
    }),
  );
  const active = area.versions.find((version) => version.state === "active");
  return (
    <div id="publicering" className="scroll-mt-4 space-y-3">
      <h3 className="font-semibold">Publicering i katalogen</h3>
      <div aria-live="polite">{feedback && <Alert tone={feedback.tone}>{feedback.text}</Alert>}</div>
      <p className="text-sm text-stone-700">
        {area.tool.isPublished ? "Verktyget syns i katalogen" : "Verktyget syns inte i katalogen"}
        {active ? ` och användarna kör version ${active.versionNumber}.` : ". Ingen version är publicerad än."}
      </p>
{area.tool.isPublished ? (
        <ConfirmButton
          size="md"
          label="Avpublicera"
          question={`Avpublicera ${area.tool.title}? Verktyget försvinner ur katalogen och ingen kan köra det förrän det publiceras igen.`}
          confirmLabel={`Ja, avpublicera ${area.tool.title}`}
          pending={publish.isPending}
          onConfirm={() => {
            setFeedback(null);
            publish.mutate({ toolId: area.tool.id, published: false });
          }}
        />
      ) : (
        <Button
          disabled={publish.isPending}
          onClick={() => {
            if (metadataDirty) {
              setFeedback({ tone: "error", text: "Du har ändrat uppgifterna i katalogen utan att spara. Tryck på ”Spara uppgifterna” först – publiceringen utgår från det sparade." });
              return;
            }
            setFeedback(null);
            publish.mutate({ toolId: area.tool.id, published: true });
          }}
        >
          Publicera i katalogen
        </Button>
      )}
    </div>
  );
}

function Maintainers({ area, onChanged }: { area: TestArea; onChanged: () => void }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const add = useMutation(
    trpc.toolAdmin.addMaintainer.mutationOptions({
      onSuccess: (result) => {
        setFeedback({ tone: "success", text: result.added ? `${email} underhåller nu verktyget.` : `${email} underhåller redan verktyget.` });
        setEmail("");
        setError(undefined);
        onChanged();
      },
      onError: (problem) => {
        const { message, fieldErrors } = problemOf(problem);
        setError(fieldErrors.email ?? message);
      },
    }),
  );
  const remove = useMutation(
    trpc.toolAdmin.removeMaintainer.mutationOptions({
      onSuccess: () => {
        setFeedback({ tone: "success", text: "Underhållaren är borttagen." });
        onChanged();
      },
      onError: (problem) => setFeedback({ tone: "error", text: problemOf(problem).message }),
    }),
  );
  return (
    <div className="space-y-3">
      <h3 className="font-semibold">Underhållare</h3>
      <div aria-live="polite">{feedback && <Alert tone={feedback.tone}>{feedback.text}</Alert>}</div>
      <ul className="divide-y divide-stone-100 rounded-md border border-stone-200">
        {area.maintainers.map((maintainer) => (
          <li key={maintainer.userId} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
            <span>
              {maintainer.displayName} {maintainer.email && <span className="text-stone-500">({maintainer.email})</span>}
              {maintainer.isOwner && <span className="ml-2 text-xs text-stone-500">ägare</span>}
            </span>
            <Button
              size="sm"
              variant="danger"
              disabled={remove.isPending || area.maintainers.length <= 1}
              onClick={() => {
                setFeedback(null);
                remove.mutate({ toolId: area.tool.id, userId: maintainer.userId });
              }}
              aria-label={`Ta bort ${maintainer.displayName} som underhållare`}
            >
              Ta bort
            </Button>
          </li>
        ))}
      </ul>
      <form
        noValidate
        aria-label="Lägg till underhållare"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          setFeedback(null);
          add.mutate({ toolId: area.tool.id, email });
        }}
      >
        <div className="w-full max-w-sm">
          <TextField label="E-postadress till en bidragsgivare" type="email" value={email} onChange={(event) => setEmail(event.target.value)} error={error} />
        </div>
        <Button type="submit" variant="secondary" disabled={add.isPending}>
          Lägg till
        </Button>
      </form>
    </div>
  );
}
