"use client";

/**
 * Keeps the Testyta's working copy in localStorage as the contributor types (draft-store.ts),
 * and after a reload, a crash or a closed tab offers it back beside the saved version it was
 * based on: "Återställ osparade ändringar från 10:42?" — Återställ / Släng.
 *
 * While the offer is open nothing new is written, so the offered draft is never overwritten by
 * the saved text the page opened with; the contributor decides first.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { prettyJson } from "@/lib/line-diff";
import { clearDrafts, draftTimeLabel, keepDraft, loadDraft, sameDraftTexts, type Draft, type DraftTexts } from "@/lib/draft-store";
import { useTRPC } from "@/trpc/client";
import { VersionDiff } from "../../review/version-diff";
import { Button } from "../../ui/button";

const WRITE_DELAY_MS = 400;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // disabled (privacy settings): no safety net, the editor still works
  }
}

export type WorkingCopyBase = { id: string; versionNumber: number; texts: DraftTexts };

/** Autosave of `texts` (based on `base`) and the draft found when the page opened. */
export function useWorkingCopy(/** The person and the tool, e.g. "<userId>/<toolId>". */ toolId: string, base: WorkingCopyBase, texts: DraftTexts) {
  // `undefined` until the browser's storage has been read (it does not exist on the server).
  const [offer, setOffer] = useState<Draft | null | undefined>(undefined);
  const latest = useRef({ base, texts });
  useEffect(() => {
    latest.current = { base, texts };
  }, [base, texts]);

  useEffect(() => {
    const store = storage();
    let found = store ? loadDraft(store, toolId) : null;
    // A draft identical to the version it was based on holds nothing to restore.
    if (found && found.baseVersionId === latest.current.base.id && sameDraftTexts(found.texts, latest.current.base.texts)) {
      clearDrafts(store!, toolId);
      found = null;
    }
    // localStorage exists only after hydration, so it is read here, once per tool.
    setOffer(found);
  }, [toolId]);

  const paused = offer !== null;
  useEffect(() => {
    if (paused) return;
    const write = () => {
      const store = storage();
      const { base: b, texts: t } = latest.current;
      if (store) keepDraft(store, { toolId, baseVersionId: b.id, baseVersionNumber: b.versionNumber, texts: t, baseTexts: b.texts });
    };
    // Closing the tab or leaving the Testyta (unmount) writes at once, without waiting for the delay.
    window.addEventListener("pagehide", write);
    return () => {
      window.removeEventListener("pagehide", write);
      write();
    };
  }, [paused, toolId]);
  useEffect(() => {
    if (paused) return;
    const timer = window.setTimeout(() => {
      const store = storage();
      if (store) keepDraft(store, { toolId, baseVersionId: base.id, baseVersionNumber: base.versionNumber, texts, baseTexts: base.texts });
    }, WRITE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [paused, toolId, base, texts]);

  return {
    offer: offer ?? null,
    /** The offer is answered: nothing more to show, autosave runs again. */
    dismiss: (discard: boolean) => {
      const store = storage();
      if (discard && store) clearDrafts(store, toolId);
      setOffer(null);
    },
  };
}

/** The offer, with the saved version it was based on beside it. */
export function DraftOffer({
  draft,
  currentBase,
  onRestore,
  onDiscard,
}: {
  draft: Draft;
  currentBase: WorkingCopyBase;
  onRestore: (draft: Draft, base: WorkingCopyBase) => void;
  onDiscard: () => void;
}) {
  const trpc = useTRPC();
  const id = useId();
  const sameBase = draft.baseVersionId === currentBase.id;
  // Based on an older version (someone saved since): fetch that one to compare against.
  const older = useQuery(trpc.version.get.queryOptions({ versionId: draft.baseVersionId }, { enabled: !sameBase, staleTime: Infinity, retry: false }));
  const base: WorkingCopyBase | null = sameBase
    ? currentBase
    : older.data
      ? {
          id: older.data.id,
          versionNumber: older.data.versionNumber,
          texts: {
            sourceCode: older.data.sourceCode,
            entrypoint: older.data.entrypoint,
            inputSchema: prettyJson(older.data.inputSchema),
            settingsSchema: prettyJson(older.data.settingsSchema),
            usageInstructions: older.data.usageInstructions,
          },
        }
      : null;
  const time = draftTimeLabel(draft.savedAt);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-amber-400 bg-amber-50 p-4 text-amber-950" data-testid="draft-offer">
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="text-base font-semibold focus:outline-2 focus:outline-offset-2 focus:outline-brand-700">
        Återställ osparade ändringar från {time}?
      </h2>
      <p className="mt-1 text-sm">
        Den här webbläsaren har kvar text som du skrev i Testytan men inte sparade (den bygger på version {draft.baseVersionNumber}
        {sameBase ? "" : `; sedan dess har version ${currentBase.versionNumber} sparats`}). Tills du väljer sparas inga nya ändringar lokalt.
      </p>
      <details className="mt-3 rounded-md border border-amber-300 bg-white p-3 text-stone-900" open>
        <summary className="cursor-pointer text-sm font-medium">Jämför med den sparade versionen</summary>
        <div className="mt-3">
          {base ? (
            <VersionDiff before={base.texts} after={draft.texts} beforeLabel={`Version ${base.versionNumber} (sparad)`} afterLabel={`Osparat från ${time}`} />
          ) : older.isError ? (
            <p className="text-sm">Version {draft.baseVersionNumber} gick inte att hämta; du kan ändå återställa texten.</p>
          ) : (
            <p className="text-sm">Hämtar version {draft.baseVersionNumber} …</p>
          )}
        </div>
      </details>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button onClick={() => onRestore(draft, base ?? currentBase)} disabled={!base && !older.isError}>
          Återställ
        </Button>
        <Button variant="danger" onClick={onDiscard}>
          Släng
        </Button>
      </div>
    </section>
  );
}
