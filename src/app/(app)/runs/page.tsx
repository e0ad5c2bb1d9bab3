import type { Metadata } from "next";
import { Pagination } from "@/components/ui/pagination";
import Link from "next/link";
import { DeleteRunsButton } from "@/components/runs/delete-runs-button";
import { DeleteToolRuns } from "@/components/runs/delete-tool-runs";
import { RetentionNote } from "@/components/runs/retention-note";
import { StatusBadge } from "@/components/runs/run-status";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { formatDateTime, formatDuration } from "@/lib/format";
import { serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Mina körningar" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<{ sida?: string }> }) {
  await requirePageRole("user", "/runs");
  const page = Math.max(1, Number((await searchParams).sida) || 1);
  const { runs, total, pageSize, tools, retentionDays } = await (await serverTrpc()).run.listMine({ page });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      <PageHeader title="Mina körningar" description="Verktyg du har kört, nyast först. Öppna en körning för att se resultatet igen eller köra den igen." />
      <div className="mb-4">
        <RetentionNote retentionDays={retentionDays} where="runs" />
      </div>
      {runs.length === 0 ? (
        <EmptyState title="Du har inte kört något verktyg ännu">
          Gå till{" "}
          <Link href="/tools" className="font-medium text-brand-700 underline">
            Katalogen
          </Link>
          , välj ett verktyg och tryck KÖR.
        </EmptyState>
      ) : (
        <DataTable caption="Mina körningar" columns={["Verktyg", "Status", "När", "Tid", "Filer", "Ta bort"]}>
          {runs.map((run) => (
            <tr key={run.id} className="border-t border-stone-100">
              <td className="px-4 py-2">
                <Link href={`/runs/${run.id}`} className="font-medium text-brand-700 underline">
                  {run.toolTitle}
                </Link>
                {run.isActionRun && <span className="ml-2 text-xs text-stone-500">{run.actionLabel ? `(uppföljning: ${run.actionLabel})` : "(uppföljning)"}</span>}
              </td>
              <td className="px-4 py-2">
                <StatusBadge status={run.status} />
              </td>
              <td className="whitespace-nowrap px-4 py-2">{formatDateTime(run.queuedAt)}</td>
              <td className="whitespace-nowrap px-4 py-2">{formatDuration(run.durationMs)}</td>
              {run.purgedAt ? (
                <td className="px-4 py-2 text-stone-600">Filer och resultat borttagna</td>
              ) : (
                <td className="max-w-xs truncate px-4 py-2 text-stone-600" title={run.inputFileNames.join(", ")}>
                  {run.inputFileNames.length > 0 ? run.inputFileNames.join(", ") : "–"}
                </td>
              )}
              <td className="px-4 py-2">
                <DeleteRunsButton
                  target={{ runId: run.id }}
                  label="Ta bort"
                  size="sm"
                  question={`Ta bort körningen av ${run.toolTitle} från ${formatDateTime(run.queuedAt)} med filer och resultat?`}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {tools.length > 0 && <DeleteToolRuns tools={tools} />}
      <Pagination page={page} pages={pages} href={(target) => `/runs?sida=${target}`} label="Sidor i Mina körningar" previous="← Nyare" next="Äldre →" />
    </>
  );
}
