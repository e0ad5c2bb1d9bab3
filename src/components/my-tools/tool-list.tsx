/** The tools someone maintains (an admin: all tools), with where each one's work stands. */
import Link from "next/link";
import type { inferRouterOutputs } from "@trpc/server";
import { formatDateTime } from "@/lib/format";
import type { AppRouter } from "@/server/api/root";
import { WorkStateBadges } from "./work-state-badges";

type MyTool = inferRouterOutputs<AppRouter>["myTools"]["list"]["tools"][number];

export function ToolList({ tools, showOwner = false, from }: { tools: MyTool[]; showOwner?: boolean; from?: "admin" }) {
  // The Testyta's back link returns to the list it was opened from.
  const testytaHref = (id: string) => `/admin/tools/${id}${from ? `?from=${from}` : ""}`;
  return (
    <ul className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white" aria-label="Verktyg">
      {tools.map((tool) => {
        return (
          <li key={tool.id} className="flex flex-wrap items-start justify-between gap-4 px-5 py-4" data-testid={`my-tool-${tool.slug}`}>
            <div className="min-w-0 flex-1">
              <h2 className="font-semibold text-stone-900">
                <Link href={testytaHref(tool.id)} className="hover:underline">
                  {tool.title}
                </Link>
              </h2>
              {tool.summary && <p className="mt-0.5 text-sm text-stone-600">{tool.summary}</p>}
              <p className="mt-1 text-xs text-stone-500">
                {tool.headVersion ? `Version ${tool.headVersion.number}, sparad ${formatDateTime(tool.headVersion.createdAt)}` : null}
                {showOwner && ` · Ägare: ${tool.ownerName}`}
              </p>
              {tool.failedRuns && <FailedRuns title={tool.title} failed={tool.failedRuns} />}
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <WorkStateBadges workState={tool.workState} inCatalog={tool.inCatalog} activeVersionNumber={tool.activeVersionNumber} />
              <Link href={testytaHref(tool.id)} className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-stone-100">
                Öppna Testytan<span className="sr-only"> för {tool.title}</span>
              </Link>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** Teachers' runs of the tool that failed lately: how many, and the latest one's error and traceback. */
function FailedRuns({ title, failed }: { title: string; failed: NonNullable<MyTool["failedRuns"]> }) {
  return (
    <details className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-950" data-testid="failed-runs">
      <summary className="cursor-pointer font-medium">
        {failed.count === 1 ? "1 misslyckad körning" : `${failed.count} misslyckade körningar`} de senaste {failed.windowDays} dagarna
        <span className="sr-only"> för {title}</span>
      </summary>
      <p className="mt-2">
        Senast {formatDateTime(failed.latestAt)}: <span className="font-mono text-xs">{failed.latestError ?? "inget felmeddelande"}</span>
      </p>
      {failed.traceback && (
        <pre tabIndex={0} aria-label="Felutskrift (traceback)" className="mt-2 max-h-64 overflow-auto rounded bg-white p-2 font-mono text-xs whitespace-pre">
          {failed.traceback}
        </pre>
      )}
    </details>
  );
}
