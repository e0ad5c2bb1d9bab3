import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/format";
import { serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Granskning" };

export default async function ReviewQueuePage() {
  await requirePageRole("admin", "/admin/review");
  const { items } = await (await serverTrpc()).review.queue();
  return (
    <>
      <PageHeader title="Granskning" description="Versioner som väntar på att en administratör publicerar dem eller ber om ändringar. Äldst först." />
      {items.length === 0 ? (
        <EmptyState title="Inget väntar på granskning" />
      ) : (
        <ul className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white">
          {items.map((item) => (
            <li key={item.versionId} className="flex flex-wrap items-start justify-between gap-4 px-5 py-4" data-testid={`review-item-${item.toolSlug}`}>
              <div className="min-w-0 flex-1">
                <h2 className="font-semibold">
                  {item.toolTitle} <span className="font-normal text-stone-600">– version {item.versionNumber}</span>
                </h2>
                <p className="mt-0.5 text-sm text-stone-600">
                  Inskickad {formatDateTime(item.submittedAt)} av {item.submittedByName ?? "okänd"}
                  {item.activeVersionNumber ? ` · ersätter version ${item.activeVersionNumber}` : " · första publiceringen"}
                </p>
                {item.changeSummary && <p className="mt-1 text-sm whitespace-pre-line text-stone-800">{item.changeSummary}</p>}
              </div>
              <Link href={`/admin/review/${item.versionId}`} className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800">
                Granska<span className="sr-only"> {item.toolTitle} version {item.versionNumber}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
