import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/ui/pagination";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { AUDIT_ACTION_OPTIONS } from "@/lib/audit-labels";
import { formatDateTime } from "@/lib/format";
import { serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Händelselogg" };

type Search = { page?: string; action?: string; actorId?: string; from?: string; to?: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f-]{36}$/i;

/** The filters as they may be passed on: anything malformed in the URL is simply not applied. */
function filtersOf(search: Search) {
  return {
    action: AUDIT_ACTION_OPTIONS.some((option) => option.value === search.action) ? search.action : undefined,
    actorId: search.actorId && UUID.test(search.actorId) ? search.actorId : undefined,
    from: search.from && DAY.test(search.from) ? search.from : undefined,
    to: search.to && DAY.test(search.to) ? search.to : undefined,
  };
}

const fieldClass = "mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePageRole("admin", "/admin/audit");
  const search = await searchParams;
  const page = Math.max(1, Number(search.page) || 1);
  const filters = filtersOf(search);
  const { events, total, pageSize, actors } = await (await serverTrpc()).admin.listAuditEvents({ page, ...filters });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const query = (target: number) => {
    const params = new URLSearchParams(Object.entries({ ...filters, page: String(target) }).filter((entry): entry is [string, string] => Boolean(entry[1])));
    return `/admin/audit?${params.toString()}`;
  };
  const filtered = Object.values(filters).some(Boolean);
  return (
    <>
      <PageHeader title="Händelselogg" description="Vem ändrade vad och när: roller, konton, publiceringar." />
      {/* A plain GET form: the filters live in the URL, work without JavaScript and survive paging. */}
      <form method="get" action="/admin/audit" aria-label="Filtrera händelser" className="mb-6 grid gap-4 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
        <div>
          <label htmlFor="audit-action" className="block text-sm font-medium text-stone-800">
            Händelse
          </label>
          <select id="audit-action" name="action" defaultValue={filters.action ?? ""} className={fieldClass}>
            <option value="">Alla händelser</option>
            {AUDIT_ACTION_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-actor" className="block text-sm font-medium text-stone-800">
            Vem
          </label>
          <select id="audit-actor" name="actorId" defaultValue={filters.actorId ?? ""} className={fieldClass}>
            <option value="">Alla</option>
            {actors.map((person) => (
              <option key={person.id} value={person.id}>
                {person.displayName}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-from" className="block text-sm font-medium text-stone-800">
            Från och med
          </label>
          <input id="audit-from" name="from" type="date" defaultValue={filters.from} className={fieldClass} />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-sm font-medium text-stone-800">
            Till och med
          </label>
          <input id="audit-to" name="to" type="date" defaultValue={filters.to} className={fieldClass} />
        </div>
        <div className="flex gap-2">
          <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800">
            Filtrera
          </button>
          {filtered && (
            <Link href="/admin/audit" className="rounded-md border border-stone-300 bg-white px-4 py-2 text-sm font-medium hover:bg-stone-100">
              Visa alla
            </Link>
          )}
        </div>
      </form>
      {events.length === 0 ? (
        <EmptyState title={filtered ? "Inga händelser matchar filtret" : "Inga händelser ännu"} />
      ) : (
        <DataTable caption={`Händelser (${total})`} columns={["Tid", "Händelse", "Vad som hände"]}>
          {events.map((event) => (
            <tr key={event.id} className="border-t border-stone-100 align-top" data-testid="audit-event">
              <td className="whitespace-nowrap px-4 py-2">{formatDateTime(event.createdAt)}</td>
              <td className="px-4 py-2">{AUDIT_ACTION_OPTIONS.find((option) => option.value === event.action)?.label ?? event.action}</td>
              <td className="px-4 py-2">
                {event.description}
                {event.toolId && (
                  <>
                    {" "}
                    <Link href={`/admin/tools/${event.toolId}?from=admin`} className="text-brand-700 underline">
                      Öppna verktyget
                    </Link>
                  </>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination page={page} pages={pages} href={query} label="Sidor i händelseloggen" previous="← Nyare" next="Äldre →" />
    </>
  );
}
