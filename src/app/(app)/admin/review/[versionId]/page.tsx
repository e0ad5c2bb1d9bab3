import type { Metadata } from "next";
import Link from "next/link";
import { ReviewActions } from "@/components/review/review-actions";
import { VersionDiff } from "@/components/review/version-diff";
import { StatusBadge } from "@/components/runs/run-status";
import { ReviewSandbox } from "@/components/testyta/review-sandbox";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/format";
import { VERSION_STATE_LABELS } from "@/lib/version-schemas";
import { orNotFound, serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Granska version" };

const EMPTY = { sourceCode: "", entrypoint: "", inputSchema: [], settingsSchema: [], usageInstructions: "" };

export default async function ReviewPage({ params }: { params: Promise<{ versionId: string }> }) {
  const { versionId } = await params;
  await requirePageRole("admin", `/admin/review/${versionId}`);
  const review = await orNotFound((await serverTrpc()).review.get({ versionId }));
  const { tool, version, active, latestSandboxRun: evidence } = review;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/review" className="text-brand-700 underline">
          ← Granskning
        </Link>
      </p>
      <PageHeader
        title={`${tool.title} – version ${version.versionNumber}`}
        description={`Status: ${VERSION_STATE_LABELS[version.state]}. Inskickad ${formatDateTime(version.submittedAt)} av ${version.submittedByName ?? "okänd"}.`}
        actions={
          <Link href={`/admin/tools/${tool.id}?from=review`} className="rounded-md border border-stone-300 bg-white px-4 py-2 text-sm font-medium hover:bg-stone-100">
            Öppna Testytan
          </Link>
        }
      />
      <div className="space-y-6">
        <section aria-labelledby="change-summary" className="rounded-lg border border-stone-200 bg-white p-5">
          <h2 id="change-summary" className="font-semibold">
            Vad som har ändrats, enligt författaren
          </h2>
          <p className="mt-2 text-sm whitespace-pre-line text-stone-800">{version.changeSummary ?? "Ingen beskrivning."}</p>
        </section>

        <section aria-labelledby="evidence-heading" className="rounded-lg border border-stone-200 bg-white p-5" data-testid="review-evidence">
          <h2 id="evidence-heading" className="font-semibold">
            Senaste TESTKÖR av den här versionen
          </h2>
          {evidence ? (
            <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-stone-800">
              <StatusBadge status={evidence.status} />
              <span>
                {formatDateTime(evidence.queuedAt)} av {evidence.byName}
                {evidence.ofEditorText ? " (texten i editorn innan den sparades, med exakt samma innehåll)" : ""}
                {evidence.isFollowUp ? " – ett uppföljningssteg" : ""}
              </span>
              <Link href={`/runs/${evidence.runId}`} className="font-medium text-brand-700 underline">
                Visa testkörningen
              </Link>
            </div>
          ) : (
            <p className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
              Ingen TESTKÖR av exakt den här versionen. Testkör den nedan innan du publicerar.
            </p>
          )}
        </section>

        <ReviewActions
          versionId={version.id}
          versionNumber={version.versionNumber}
          toolId={tool.id}
          inReview={version.state === "in_review"}
          stateLabel={VERSION_STATE_LABELS[version.state]}
          inCatalog={tool.isPublished}
          catalogEntry={{ proposedSlug: tool.proposedSlug, professions: tool.professions, categories: tool.categories, hasActiveVersion: tool.hasActiveVersion }}
        />

        <section aria-labelledby="diff-heading" className="space-y-3 rounded-lg border border-stone-200 bg-white p-5">
          <h2 id="diff-heading" className="font-semibold">
            {active ? `Skillnader mot version ${active.versionNumber} (den som används nu)` : "Första publiceringen: hela innehållet"}
          </h2>
          <VersionDiff
            before={active ?? EMPTY}
            after={version}
            beforeLabel={active ? `Version ${active.versionNumber} (aktiv)` : "Ingen aktiv version"}
            afterLabel={`Version ${version.versionNumber} (${version.state === "in_review" ? "granskas" : VERSION_STATE_LABELS[version.state].toLowerCase()})`}
          />
        </section>

        <ReviewSandbox
          toolId={tool.id}
          version={{ id: version.id, versionNumber: version.versionNumber, state: version.state }}
          uploadLimits={review.uploadLimits}
          sandboxTimeoutSeconds={review.sandboxTimeoutSeconds}
          sandboxSettings={review.sandboxSettings}
        />
      </div>
    </>
  );
}
