import type { Metadata } from "next";
import { Pagination } from "@/components/ui/pagination";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { describeAuditAction } from "@/lib/audit-labels";
import { formatDateTime } from "@/lib/format";
import { serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Händelselogg" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  await requirePageRole("admin", "/admin/audit");
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const { events, total, pageSize } = await (await serverTrpc()).admin.listAuditEvents({ page });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      <PageHeader title="Händelselogg" description="Vem ändrade vad och när: roller, konton, publiceringar." />
      {events.length === 0 ? (
        <EmptyState title="Inga händelser ännu" />
      ) : (
        <DataTable caption="Händelser" columns={["Tid", "Vem", "Händelse", "Detaljer"]}>
          {events.map((event) => (
            <tr key={event.id} className="border-t border-stone-100 align-top">
              <td className="whitespace-nowrap px-4 py-2">{formatDateTime(event.createdAt)}</td>
              <td className="px-4 py-2">{event.actorEmail ?? "Kommandoraden"}</td>
              <td className="px-4 py-2">{describeAuditAction(event.action)}</td>
              <td className="px-4 py-2 font-mono text-xs text-stone-600">
                {event.before != null && <div>före: {JSON.stringify(event.before)}</div>}
                {event.after != null && <div>efter: {JSON.stringify(event.after)}</div>}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination page={page} pages={pages} href={(target) => `/admin/audit?page=${target}`} label="Sidor i händelseloggen" previous="← Nyare" next="Äldre →" />
    </>
  );
}
