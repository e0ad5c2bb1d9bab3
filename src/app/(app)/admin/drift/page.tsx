import type { Metadata } from "next";
import type { ReactNode } from "react";
import { RunsPerHourChart } from "@/components/drift/runs-per-hour-chart";
import { Badge } from "@/components/ui/badge";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { formatBytes, formatCount, formatDateTime, formatDuration } from "@/lib/format";
import { serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Drift" };

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`drift-${title}`} className="mb-8">
      <h2 id={`drift-${title}`} className="mb-3 text-lg font-semibold text-stone-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Figure({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg border border-stone-200 bg-white px-4 py-3">
      <dt className="text-sm text-stone-600">{label}</dt>
      <dd className="text-2xl font-semibold text-stone-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

export default async function DriftPage() {
  await requirePageRole("admin", "/admin/drift");
  const drift = await (await serverTrpc()).admin.getDrift();
  const { queue, storage } = drift;
  const alive = drift.workers.filter((w) => w.alive);

  return (
    <>
      <PageHeader title="Drift" description={`Läget för körningarna just nu och det senaste dygnet. Hämtat ${formatDateTime(drift.generatedAt)}.`} />

      <Section title="Just nu">
        <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Figure label="I kö" value={sum(queue.queued)} testId="drift-queued" />
          <Figure label="Körs" value={sum(queue.running)} testId="drift-running" />
          <Figure label="Arbetare igång" value={queue.workersAlive} />
          <Figure label="Platser för körningar" value={queue.workerSlots} />
        </dl>
        {drift.workers.length === 0 ? (
          <EmptyState title="Ingen arbetare har hört av sig">Utan arbetare körs inga verktyg. Starta en med npm run worker.</EmptyState>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2" aria-label="Arbetare">
            {drift.workers.map((worker) => (
              <li key={worker.id} className="rounded-lg border border-stone-200 bg-white px-4 py-3 text-sm">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-mono text-xs break-all text-stone-800">{worker.id}</span>
                  {worker.alive ? <Badge tone="bg-emerald-100 text-emerald-900">Igång</Badge> : <Badge tone="bg-red-100 text-red-900">Svarar inte</Badge>}
                </div>
                <p className="mt-1 text-stone-700">
                  Kör {worker.running} av {worker.concurrency} · senast hörd {formatDateTime(worker.lastSeenAt)}
                </p>
                {!worker.dockerOk && <p className="mt-1 text-red-800">Docker svarar inte hos den här arbetaren.</p>}
                {worker.detail && <p className="mt-1 text-stone-600">{worker.detail}</p>}
              </li>
            ))}
          </ul>
        )}
        {drift.workers.length > 0 && alive.length === 0 && <p className="mt-3 text-red-800">Ingen arbetare är igång: körningar väntar i kön tills en startar.</p>}
      </Section>

      <Section title="Körningar per timme">
        <RunsPerHourChart hours={drift.hourly} />
      </Section>

      <div className="grid gap-x-8 md:grid-cols-2">
        <Section title="Långsammaste verktygen i veckan">
          {drift.slowestTools.length === 0 ? (
            <p className="text-stone-600">Inga körningar de senaste sju dagarna.</p>
          ) : (
            <ol className="space-y-2" data-testid="drift-slowest">
              {drift.slowestTools.map((tool) => (
                <li key={tool.toolId} className="rounded-lg border border-stone-200 bg-white px-4 py-2 text-sm">
                  <span className="font-medium text-stone-900">{tool.title}</span>
                  <span className="block text-stone-700">
                    mitten {formatDuration(tool.medianSeconds * 1000)}, längst {formatDuration(tool.maxSeconds * 1000)} · {formatCount(tool.runs, "körning", "körningar")}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Section>
        <Section title="Flest misslyckade i veckan">
          {drift.failingTools.length === 0 ? (
            <p className="text-stone-600">Inga misslyckade körningar de senaste sju dagarna.</p>
          ) : (
            <ol className="space-y-2" data-testid="drift-failing">
              {drift.failingTools.map((tool) => (
                <li key={tool.toolId} className="rounded-lg border border-stone-200 bg-white px-4 py-2 text-sm">
                  <span className="font-medium text-stone-900">{tool.title}</span>
                  <span className="block text-stone-700">
                    {tool.failed} av {formatCount(tool.runs, "körning", "körningar")} misslyckades ({Math.round((tool.failed / tool.runs) * 100)} %)
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Section>
      </div>

      <Section title="Lagring">
        <dl className="mb-3 grid grid-cols-1 gap-3 sm:grid-cols-3">
          <Figure label="Körningarnas filer" value={formatBytes(storage.bytes)} testId="drift-storage" />
          <Figure label="Frigörs inom ett dygn" value={formatBytes(storage.freedWithinDayBytes)} />
          {storage.disk && <Figure label="Ledigt på disken" value={`${formatBytes(storage.disk.freeBytes)} av ${formatBytes(storage.disk.totalBytes)}`} />}
        </dl>
        <p className="text-sm text-stone-700">
          Uppladdade filer och resultatfiler från {formatCount(storage.runs, "körning", "körningar")}. Filerna sparas i {formatCount(storage.retentionDays, "dag", "dagar")} och tas sedan bort.
          {storage.oldestFreedAt ? ` De äldsta tas bort ${formatDateTime(storage.oldestFreedAt)}.` : ""}
        </p>
      </Section>
    </>
  );
}
