"use client";

/**
 * The versions of a tool, newest first (number, state, author, time, notes), and a side-by-side
 * comparison of any two of them — or of one with the editor's current text.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import { formatDateTime } from "@/lib/format";
import { VERSION_STATE_LABELS } from "@/lib/version-schemas";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/client";
import { VersionDiff, type ComparableVersion } from "../review/version-diff";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { problemOf } from "../ui/trpc-errors";

type TestArea = inferRouterOutputs<AppRouter>["version"]["testArea"];
type VersionRow = TestArea["versions"][number];

const STATE_BADGE: Record<VersionRow["state"] | "changes", string> = {
  draft: "bg-stone-100 text-stone-800",
  in_review: "bg-sky-100 text-sky-900",
  active: "bg-emerald-100 text-emerald-900",
  archived: "bg-stone-200 text-stone-700",
  changes: "bg-amber-100 text-amber-900",
};

function VersionStateBadge({ version }: { version: Pick<VersionRow, "state" | "changesRequested"> }) {
  return version.changesRequested ? (
    <Badge tone={STATE_BADGE.changes}>Ändringar begärda</Badge>
  ) : (
    <Badge tone={STATE_BADGE[version.state]}>{VERSION_STATE_LABELS[version.state]}</Badge>
  );
}

const EDITOR = "editor";

export function VersionHistory({
  area,
  editorVersion,
  onLoadIntoEditor,
  onChanged,
}: {
  area: TestArea;
  /** The editor's current text, comparable like a version. */
  editorVersion: ComparableVersion;
  onLoadIntoEditor: (versionId: string) => void;
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const id = useId();
  const versions = area.versions;
  const head = versions[0]!;
  const [left, setLeft] = useState<string>(versions[1]?.id ?? head.id);
  const [right, setRight] = useState<string>(head.id);
  // A save (or anyone's) made a new head: compare it with the version before it, as on load —
  // not the two picks of the old list (after the first save both were version 1).
  const [comparedHead, setComparedHead] = useState(head.id);
  if (comparedHead !== head.id) {
    setComparedHead(head.id);
    setLeft(versions[1]?.id ?? head.id);
    setRight(head.id);
  }
  const [feedback, setFeedback] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  const leftQuery = useQuery(trpc.version.get.queryOptions({ versionId: left }, { enabled: left !== EDITOR, staleTime: Infinity }));
  const rightQuery = useQuery(trpc.version.get.queryOptions({ versionId: right }, { enabled: right !== EDITOR, staleTime: Infinity }));
  const rollback = useMutation(
    trpc.review.rollback.mutationOptions({
      onSuccess: (result) => {
        setFeedback({ tone: "success", text: `Version ${result.versionNumber} är aktiv igen${result.archivedVersionNumber ? ` (version ${result.archivedVersionNumber} arkiverades)` : ""}.` });
        onChanged();
      },
      onError: (error) => setFeedback({ tone: "error", text: problemOf(error).message }),
    }),
  );

  const sideOf = (choice: string, query: typeof leftQuery): ComparableVersion | null => (choice === EDITOR ? editorVersion : (query.data ?? null));
  const labelOf = (choice: string) => (choice === EDITOR ? "Texten i editorn" : `Version ${versions.find((v) => v.id === choice)?.versionNumber ?? "?"}`);
  const before = sideOf(left, leftQuery);
  const after = sideOf(right, rightQuery);

  const options = (
    <>
      <option value={EDITOR}>Texten i editorn</option>
      {versions.map((v) => (
        <option key={v.id} value={v.id}>
          Version {v.versionNumber} ({v.changesRequested ? "ändringar begärda" : VERSION_STATE_LABELS[v.state].toLowerCase()})
        </option>
      ))}
    </>
  );

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-5 rounded-lg border border-stone-200 bg-white p-5">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        Versioner
      </h2>
      <div aria-live="polite">{feedback && <Alert tone={feedback.tone}>{feedback.text}</Alert>}</div>
      {/* relative: the sr-only header text is absolutely positioned and would otherwise widen the page on a phone. */}
      <div className="relative overflow-x-auto rounded-md border border-stone-200">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Verktygets versioner, nyast först</caption>
          <thead className="bg-stone-100 text-stone-700">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Version</th>
              <th scope="col" className="px-3 py-2 font-medium">Status</th>
              <th scope="col" className="px-3 py-2 font-medium">Sparad av</th>
              <th scope="col" className="px-3 py-2 font-medium">Tid</th>
              <th scope="col" className="px-3 py-2 font-medium">Beskrivning</th>
              <th scope="col" className="px-3 py-2 font-medium">
                <span className="sr-only">Åtgärder</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.id} className="border-t border-stone-100 align-top" data-testid={`version-row-${version.versionNumber}`}>
                <td className="px-3 py-2 font-medium tabular-nums">{version.versionNumber}</td>
                <td className="px-3 py-2">
                  <VersionStateBadge version={version} />
                </td>
                <td className="px-3 py-2">{version.createdByName}</td>
                <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(version.createdAt)}</td>
                <td className="max-w-md px-3 py-2 text-stone-700">
                  {version.changeSummary && <p>{version.changeSummary}</p>}
                  {version.reviewNote && (
                    <p className="mt-1 whitespace-pre-line text-amber-900">
                      <span className="font-medium">Granskarens kommentar:</span> {version.reviewNote}
                    </p>
                  )}
                  {version.publishedAt && <p className="mt-1 text-xs text-stone-500">Publicerad {formatDateTime(version.publishedAt)}</p>}
                </td>
                <td className="px-3 py-2">
                  <div className="flex flex-wrap justify-end gap-1">
                    <Button size="sm" variant="ghost" onClick={() => onLoadIntoEditor(version.id)} aria-label={`Ladda in version ${version.versionNumber} i editorn`}>
                      Ladda in
                    </Button>
                    {area.isAdmin && version.state === "in_review" && (
                      <Link href={`/admin/review/${version.id}`} className="rounded-md px-2.5 py-1 text-sm font-medium text-brand-700 underline">
                        Granska
                      </Link>
                    )}
                    {area.isAdmin && version.state === "archived" && version.publishedAt && (
                      <Button
                        size="sm"
                        variant="secondary"
                        disabled={rollback.isPending}
                        onClick={() => {
                          if (window.confirm(`Göra version ${version.versionNumber} till den aktiva versionen igen? Användarna kör den från och med nu.`)) {
                            setFeedback(null);
                            rollback.mutate({ versionId: version.id });
                          }
                        }}
                      >
                        Återställ
                      </Button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="space-y-3">
        <h3 className="font-semibold">Jämför</h3>
        <div className="flex flex-wrap items-end gap-4">
          <div>
            <label htmlFor={`${id}-left`} className="block text-sm font-medium text-stone-800">
              Före
            </label>
            <select id={`${id}-left`} value={left} onChange={(event) => setLeft(event.target.value)} className="mt-1 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm">
              {options}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-right`} className="block text-sm font-medium text-stone-800">
              Efter
            </label>
            <select id={`${id}-right`} value={right} onChange={(event) => setRight(event.target.value)} className="mt-1 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm">
              {options}
            </select>
          </div>
        </div>
        {before && after ? (
          <VersionDiff before={before} after={after} beforeLabel={labelOf(left)} afterLabel={labelOf(right)} />
        ) : leftQuery.isError || rightQuery.isError ? (
          <Alert tone="error">{problemOf(leftQuery.error ?? rightQuery.error).message}</Alert>
        ) : (
          <p className="text-sm text-stone-600">Hämtar versionerna…</p>
        )}
      </div>
    </section>
  );
}
