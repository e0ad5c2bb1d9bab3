import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteRunsButton } from "@/components/runs/delete-runs-button";
import { RerunButton } from "@/components/runs/rerun-button";
import { RunView } from "@/components/runs/run-view";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { formatBytes, formatDateTime } from "@/lib/format";
import { orNotFound, serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Körning" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await requirePageRole("user", `/runs/${id}`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const run = await orNotFound((await serverTrpc()).run.get({ runId: id }));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/runs" className="text-brand-700 underline">
          ← Mina körningar
        </Link>
      </p>
      <PageHeader
        title={run.tool?.title ?? "Körning"}
        description={`Startad ${formatDateTime(run.queuedAt)}`}
        actions={
          <>
            {run.tool?.isPublished && (
              <Link href={`/tools/${run.tool.slug}`} className="rounded-md border border-stone-300 bg-white px-4 py-2 text-sm font-medium hover:bg-stone-100">
                Till verktyget
              </Link>
            )}
            {run.context === "production" && !run.isActionRun && run.tool?.isPublished && me.userId && !run.purgedAt && <RerunButton runId={run.id} />}
          </>
        }
      />
      {run.purgedAt && (
        <div className="mb-4">
          <Alert tone="info">
            Filerna och resultatet av den här körningen togs bort {formatDateTime(run.purgedAt)}, eftersom de bara sparas en viss tid. Kvar finns bara vilket
            verktyg, när och hur det gick.
          </Alert>
        </div>
      )}
      {me.userId === run.ownerId && (
        <div className="mb-4 flex flex-wrap gap-3">
          <DeleteRunsButton target={{ runId: run.id }} label="Ta bort körningen" question="Ta bort körningen med dess filer och resultat?" afterDelete="/runs" />
          {run.context === "production" && run.toolId && (
            <DeleteRunsButton
              target={{ toolId: run.toolId }}
              label="Ta bort alla mina körningar av verktyget"
              question={`Ta bort alla dina körningar av ${run.tool?.title ?? "verktyget"} med filer och resultat?`}
              afterDelete="/runs"
            />
          )}
        </div>
      )}
      <div className="mb-4 grid gap-4 text-sm sm:grid-cols-2">
        {run.followUp ? (
          <div className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 className="mb-2 font-semibold">Uppföljning</h2>
            <p>
              {run.followUp.label ? (
                <>
                  Du valde <strong>{run.followUp.label}</strong> efter en tidigare körning.
                </>
              ) : (
                "Ett val efter en tidigare körning."
              )}
            </p>
            {run.followUp.fromRunId && (
              <p className="mt-2">
                <Link href={`/runs/${run.followUp.fromRunId}`} className="text-brand-700 underline">
                  Visa körningen före
                </Link>
              </p>
            )}
          </div>
        ) : (
          <div className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 className="mb-2 font-semibold">Filer du laddade upp</h2>
            {run.purgedAt ? (
              <p className="text-stone-600">Borttagna.</p>
            ) : run.inputFiles.length === 0 ? (
              <p className="text-stone-600">Inga filer.</p>
            ) : (
              <ul className="space-y-1">
                {run.inputFiles.map((file) => (
                  <li key={file.name}>
                    {file.name} <span className="text-stone-500">({formatBytes(file.bytes)})</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {run.inputChoices.length > 0 && (
          <div className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 className="mb-2 font-semibold">Dina val</h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              {run.inputChoices.map((choice) => (
                <div key={choice.label} className="contents">
                  <dt className="text-stone-600">{choice.label}</dt>
                  <dd className="whitespace-pre-wrap">{choice.value}</dd>
                </div>
              ))}
            </dl>
          </div>
        )}
      </div>
      {/* A TESTKÖR (linked from the Testyta or the review page) shows its logs; its follow-ups continue in the Testyta only. */}
      <RunView runId={run.id} initial={run} slug={run.tool?.slug} showLogs={run.context === "sandbox"} />
    </>
  );
}
