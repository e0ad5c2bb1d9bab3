import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { FavoriteToggle } from "@/components/favorites/favorite-toggle";
import { StatusBadge } from "@/components/runs/run-status";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/format";
import { serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Hem" };

function Section({ id, title, children, more }: { id: string; title: string; children: ReactNode; more?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-stone-200 bg-white p-5 shadow-sm">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-lg font-semibold text-stone-900">
          {title}
        </h2>
        {more}
      </div>
      {children}
    </section>
  );
}

const link = "font-medium text-brand-700 underline";

/** Hem: the signed-in person's own starting point (personal, so never page-cached). */
export default async function HomePage() {
  const user = await requirePageRole("user", "/");
  const home = await (await serverTrpc()).me.home();
  const isNew = home.favorites.length === 0 && home.recentTools.length === 0 && home.latestRuns.length === 0;

  return (
    <>
      <PageHeader
        title="Hem"
        description={
          <>
            Välkommen, {user.displayName}.{" "}
            <Link href="/profile" className="text-brand-700 underline">
              Din profil och ditt lösenord
            </Link>
          </>
        }
      />
      <div className="grid gap-5 lg:grid-cols-2">
        {isNew && (
          <Section id="home-start" title="Börja här">
            <ol className="list-decimal space-y-1 pl-5 text-sm text-stone-700">
              <li>
                Öppna{" "}
                <Link href="/tools" className={link}>
                  Katalogen
                </Link>{" "}
                och sök efter det du behöver, t.ex. gruppindelning eller närvaro.
              </li>
              <li>Välj ett verktyg, ladda upp dina filer och tryck KÖR.</li>
              <li>Tryck på stjärnan på verktyg du använder ofta, så finns de här nästa gång.</li>
            </ol>
          </Section>
        )}

        {home.continueRuns.length > 0 && (
          <Section id="home-continue" title="Fortsätt där du slutade">
            <ul className="space-y-2 text-sm">
              {home.continueRuns.map((run) => (
                <li key={run.runId} className="flex flex-wrap items-center justify-between gap-2">
                  <span>
                    <span className="font-medium text-stone-900">{run.toolTitle}</span>{" "}
                    <span className="text-stone-500">· {formatDateTime(run.finishedAt)}</span>
                  </span>
                  <Link href={`/runs/${run.runId}`} className={link} aria-label={`Fortsätt med ${run.toolTitle}`}>
                    Fortsätt
                  </Link>
                </li>
              ))}
            </ul>
          </Section>
        )}

        <Section
          id="home-favorites"
          title="Mina favoriter"
          more={
            home.favorites.length > 0 && (
              <Link href="/tools?favoriter=1" className="text-sm text-brand-700 underline">
                Visa i Katalogen
              </Link>
            )
          }
        >
          {home.favorites.length === 0 ? (
            <p className="text-sm text-stone-600">
              Inga favoriter ännu. Tryck på stjärnan på ett verktyg i{" "}
              <Link href="/tools" className={link}>
                Katalogen
              </Link>{" "}
              så visas det här.
            </p>
          ) : (
            <ul className="divide-y divide-stone-100">
              {home.favorites.map((tool) => (
                <li key={tool.id} className="flex items-center justify-between gap-3 py-1.5">
                  <Link href={`/tools/${tool.slug}`} id={`favorite-${tool.id}`} className={link}>
                    {tool.title}
                  </Link>
                  <FavoriteToggle toolId={tool.id} describedBy={`favorite-${tool.id}`} />
                </li>
              ))}
            </ul>
          )}
        </Section>

        {home.recentTools.length > 0 && (
          <Section id="home-recent" title="Senast använda verktyg">
            <ul className="space-y-2 text-sm">
              {home.recentTools.map((tool) => (
                <li key={tool.id} className="flex flex-wrap justify-between gap-2">
                  <Link href={`/tools/${tool.slug}`} className={link}>
                    {tool.title}
                  </Link>
                  <span className="text-stone-500">{formatDateTime(tool.lastUsedAt)}</span>
                </li>
              ))}
            </ul>
          </Section>
        )}

        <Section
          id="home-runs"
          title="Senaste körningar"
          more={
            home.latestRuns.length > 0 && (
              <Link href="/runs" className="text-sm text-brand-700 underline">
                Alla körningar
              </Link>
            )
          }
        >
          {home.latestRuns.length === 0 ? (
            <p className="text-sm text-stone-600">Dina körningar visas här när du har kört ett verktyg.</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {home.latestRuns.map((run) => (
                <li key={run.id} className="flex flex-wrap items-center justify-between gap-2">
                  <Link href={`/runs/${run.id}`} className={link}>
                    {run.toolTitle}
                    {run.actionLabel ? ` (${run.actionLabel})` : ""}
                  </Link>
                  <span className="flex items-center gap-2">
                    <span className="text-stone-500">{formatDateTime(run.queuedAt)}</span>
                    <StatusBadge status={run.status} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>

        {home.attention && (
          <Section
            id="home-attention"
            title="Mina verktyg som behöver dig"
            more={
              <Link href="/my-tools" className="text-sm text-brand-700 underline">
                Mina verktyg
              </Link>
            }
          >
            {home.attention.changesRequested.length === 0 && home.attention.failedRuns.length === 0 ? (
              <p className="text-sm text-stone-600">Inget just nu: inga ändringar begärda och inga misslyckade körningar de senaste {home.attention.failedRunWindowDays} dagarna.</p>
            ) : (
              <ul className="space-y-3 text-sm">
                {home.attention.changesRequested.map((item) => (
                  <li key={`changes-${item.toolId}`}>
                    <Link href={`/admin/tools/${item.toolId}`} className={link}>
                      {item.toolTitle}
                    </Link>
                    : ändringar begärda i version {item.versionNumber}
                    <p className="mt-0.5 line-clamp-2 text-stone-600">{item.note}</p>
                  </li>
                ))}
                {home.attention.failedRuns.map((item) => (
                  <li key={`failed-${item.toolId}`}>
                    <Link href={`/admin/tools/${item.toolId}`} className={link}>
                      {item.toolTitle}
                    </Link>
                    : {item.failedCount === 1 ? "1 misslyckad körning" : `${item.failedCount} misslyckade körningar`} de senaste {home.attention!.failedRunWindowDays} dagarna
                    {item.latestAt && <span className="text-stone-500"> (senast {formatDateTime(item.latestAt)})</span>}
                  </li>
                ))}
              </ul>
            )}
          </Section>
        )}

        {home.review && (
          <Section
            id="home-review"
            title={home.review.total === 1 ? "1 version väntar på granskning" : `${home.review.total} versioner väntar på granskning`}
            more={
              <Link href="/admin/review" className="text-sm text-brand-700 underline">
                Granskning
              </Link>
            }
          >
            {home.review.items.length === 0 ? (
              <p className="text-sm text-stone-600">Inget att granska just nu.</p>
            ) : (
              <ul className="space-y-2 text-sm">
                {home.review.items.map((item) => (
                  <li key={item.versionId} className="flex flex-wrap justify-between gap-2">
                    <Link href={`/admin/review/${item.versionId}`} className={link}>
                      {item.toolTitle}, version {item.versionNumber}
                    </Link>
                    <span className="text-stone-500">{formatDateTime(item.submittedAt)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        )}
      </div>
    </>
  );
}
