import type { Metadata } from "next";
import { Pagination } from "@/components/ui/pagination";
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
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-stone-100 text-stone-700">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Tid</th>
                <th scope="col" className="px-4 py-2 font-medium">Vem</th>
                <th scope="col" className="px-4 py-2 font-medium">Händelse</th>
                <th scope="col" className="px-4 py-2 font-medium">Detaljer</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pages={pages} href={(target) => `/admin/audit?page=${target}`} label="Sidor i händelseloggen" previous="← Nyare" next="Äldre →" />
    </>
  );
}
