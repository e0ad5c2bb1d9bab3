"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import { FINISHED_RUN_STATUSES } from "@/lib/domain";
import { formatBytes, formatDuration } from "@/lib/format";
import { shownExitCode } from "@/lib/run-exit-code";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/client";
import { ActionForms } from "../run-result/action-forms";
import { RunErrorSummary } from "../run-result/error-summary";
import { RunLogs } from "../run-result/run-logs";
import { RunOutputs } from "../run-result/run-outputs";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { problemOf } from "../ui/trpc-errors";
import { applyLiveUpdate, EMPTY_LIVE, type LiveOutput, ToolProgress } from "./live-output";
import { RunProgress, StatusBadge } from "./run-status";

export type RunView = inferRouterOutputs<AppRouter>["run"]["get"];

/** `output/a b/c.pdf` → the download URL of that artifact. */
export function artifactHref(runId: string, path: string, inline = false): string {
  const relative = path.replace(/^output\//, "").split("/").map(encodeURIComponent).join("/");
  return `/api/runs/${runId}/artifacts/${relative}${inline ? "?inline=1" : ""}`;
}

/**
 * One run, live: its place in the queue or running time (pushed from the server over SSE),
 * a cancel button while it can still be stopped, then the result — outputs, files to
 * download, follow-up actions — or a plain explanation of what went wrong.
 */
export function RunView({
  runId,
  initial,
  slug,
  onNewRun,
  showLogs = false,
  onView,
  focusOnMount = false,
  sandboxToolId,
}: {
  runId: string;
  initial?: RunView;
  /** The tool's slug, for follow-up actions (interactive tools). */
  slug?: string;
  /**
   * TESTKÖR in the Testyta or on the review page: follow-up forms of a sandbox run continue in
   * the actor's own sandbox session (version.sandboxAction), against the same script.
   */
  sandboxToolId?: string;
  /** A follow-up action started a new run: the caller shows that one next (default: its page). */
  onNewRun?: (runId: string) => void;
  /** TESTKÖR: stdout/stderr, exit code and timings, for the tool's author. */
  showLogs?: boolean;
  /** Every new view of the run as it arrives (the Testyta marks a syntax error's line). */
  onView?: (view: RunView) => void;
  /**
   * Just started by the person on this page (KÖR, TESTKÖR, a follow-up): bring the run into
   * view and move focus to it, so they see at once that something happens and keyboard and
   * screen-reader users land on the result instead of at the top of the page.
   */
  focusOnMount?: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [view, setView] = useState<RunView | undefined>(initial);
  const [message, setMessage] = useState<string | null>(null);
  // While the run goes on: what it printed so far (TESTKÖR) and its latest progress report.
  const [live, setLive] = useState<LiveOutput>(EMPTY_LIVE);
  const sectionRef = useRef<HTMLElement>(null);
  const placeholderRef = useRef<HTMLDivElement>(null);
  const focusedSection = useRef(false);
  const hasView = view !== undefined;
  useEffect(() => {
    // The placeholder first (while the run is fetched), then the run itself, once.
    if (!focusOnMount || focusedSection.current) return;
    const target = hasView ? sectionRef.current : placeholderRef.current;
    if (!target) return;
    focusedSection.current = hasView;
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    target.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
    target.focus({ preventScroll: true });
  }, [focusOnMount, hasView]);
  const finished = view ? FINISHED_RUN_STATUSES.includes(view.status) : false;

  const subscription = useSubscription(
    trpc.run.watch.subscriptionOptions(
      { runId },
      {
        enabled: !finished,
        onData: (event) => {
          if (event.type === "live") {
            setLive((old) => applyLiveUpdate(old, event));
            return;
          }
          const data = event.view;
          setView(data);
          onView?.(data);
          if (FINISHED_RUN_STATUSES.includes(data.status)) void queryClient.invalidateQueries({ queryKey: trpc.run.listMine.queryKey() });
        },
      },
    ),
  );

  const cancel = useMutation(
    trpc.run.cancel.mutationOptions({
      onError: (error) => setMessage(problemOf(error, "Körningen kunde inte avbrytas.").message),
    }),
  );
  const startedNext = ({ runId: next }: { runId: string }) => (onNewRun ? onNewRun(next) : router.push(`/runs/${next}`));
  const action = useMutation(
    trpc.run.action.mutationOptions({
      onSuccess: startedNext,
      onError: (error) => setMessage(problemOf(error, "Åtgärden kunde inte startas.").message),
    }),
  );
  const sandboxAction = useMutation(
    trpc.version.sandboxAction.mutationOptions({
      onSuccess: startedNext,
      onError: (error) => setMessage(problemOf(error, "Nästa steg kunde inte startas.").message),
    }),
  );

  if (!view) {
    return (
      <div ref={placeholderRef} tabIndex={-1} role="status" className="rounded-lg border border-stone-200 bg-white p-4 text-sm text-stone-700 outline-none">
        {subscription.status === "error" ? "Kunde inte hämta körningen. Ladda om sidan." : "Hämtar körningen…"}
      </div>
    );
  }

  const outputs = view.uiPayload?.outputs ?? [];
  const actions = view.uiPayload?.next_actions ?? [];
  // A KÖR continues through the published tool (its slug); a TESTKÖR in the contributor's sandbox.
  const continuable = view.context === "sandbox" ? Boolean(sandboxToolId) : Boolean(slug);
  return (
    <section
      ref={sectionRef}
      tabIndex={-1}
      aria-labelledby={`run-heading-${runId}`}
      className="scroll-mt-4 space-y-4 rounded-lg border border-stone-200 bg-white p-5 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
      data-testid="run-view"
      data-status={view.status}
    >
      {/* The outline's h2 for the run: its outputs' headings (h3 and below) sit under it. */}
      <h2 id={`run-heading-${runId}`} className="text-lg font-semibold">
        Körning
      </h2>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="status" aria-live="polite" className="flex items-center gap-3 text-sm text-stone-800">
          <StatusBadge status={view.status} />
          <RunProgress status={view.status} queuePosition={view.queuePosition} startedAt={view.startedAt} />
        </div>
        {!finished && (
          <Button variant="danger" size="sm" disabled={cancel.isPending || cancel.isSuccess} onClick={() => cancel.mutate({ runId })}>
            {cancel.isSuccess ? "Avbryter…" : "Avbryt körningen"}
          </Button>
        )}
      </div>
      {view.status === "running" && <ToolProgress progress={live.progress} />}
      {message && <Alert tone="error">{message}</Alert>}

      {finished && view.status !== "succeeded" && <RunErrorSummary status={view.status} errorSummary={view.errorSummary} maintainerNames={view.maintainerNames} />}
      {outputs.length > 0 && <RunOutputs outputs={outputs} artifactUrl={(path) => artifactHref(runId, path, true)} />}

      {view.artifacts.length > 0 && (
        <div>
          <h3 className="mb-2 font-semibold">Filer att ladda ner</h3>
          <ul className="divide-y divide-stone-100 rounded-md border border-stone-200">
            {view.artifacts.map((artifact) => (
              <li key={artifact.path} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                <a href={artifactHref(runId, artifact.path)} download className="font-medium text-brand-700 underline">
                  {artifact.path.replace(/^output\//, "")}
                </a>
                <span className="text-stone-500">{formatBytes(artifact.bytes)}</span>
              </li>
            ))}
          </ul>
          {view.artifacts.length > 1 && (
            <a href={`/api/runs/${runId}/zip`} download className="mt-2 inline-block text-sm font-medium text-brand-700 underline">
              Ladda ner alla som zip
            </a>
          )}
        </div>
      )}

      {finished && view.status === "succeeded" && actions.length > 0 && continuable && view.newerResultRunId && (
        <p className="rounded-md bg-stone-50 px-3 py-2 text-sm text-stone-700">
          Du har kört verktyget igen efter det här, så du kan inte fortsätta härifrån.{" "}
          {onNewRun && view.context === "sandbox" ? (
            <Button size="sm" variant="secondary" onClick={() => onNewRun(view.newerResultRunId!)}>
              Fortsätt från den senaste testkörningen
            </Button>
          ) : (
            <Link href={`/runs/${view.newerResultRunId}`} className="font-medium text-brand-700 underline">
              Fortsätt från den senaste körningen
            </Link>
          )}
        </p>
      )}
      {finished && view.status === "succeeded" && actions.length > 0 && continuable && !view.newerResultRunId && (
        <ActionForms
          actions={actions}
          pending={action.isPending || sandboxAction.isPending}
          onSubmit={(actionId, values) => {
            setMessage(null);
            if (view.context === "sandbox" && sandboxToolId) sandboxAction.mutate({ toolId: sandboxToolId, runId, actionId, values, stateRevision: view.stateRevision });
            else if (slug) action.mutate({ slug, actionId, values, stateRevision: view.stateRevision });
          }}
        />
      )}

      {showLogs && finished && <RunTimings view={view} />}
      {showLogs && view.logs && finished && (
        <RunLogs stdout={view.logs.stdout} stderr={view.logs.stderr} stdoutTruncated={view.logs.stdoutTruncated} stderrTruncated={view.logs.stderrTruncated} />
      )}
      {/* Until the run ends, the lines as the script prints them; then the stored logs (the same text, complete). */}
      {showLogs && view.logs && !finished && (
        <RunLogs stdout={live.stdout} stderr={live.stderr} stdoutTruncated={live.stdoutTruncated} stderrTruncated={live.stderrTruncated} live />
      )}
    </section>
  );
}

const seconds = (from: Date | null, to: Date | null) => (from && to ? new Date(to).getTime() - new Date(from).getTime() : null);

/** How long the run waited and ran, and how the script ended (for the tool's author). */
function RunTimings({ view }: { view: RunView }) {
  const waited = seconds(view.queuedAt, view.startedAt);
  const ran = seconds(view.startedAt, view.finishedAt);
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-stone-700" aria-label="Tider">
      <div className="flex gap-1">
        <dt>I kö:</dt>
        <dd className="tabular-nums">{formatDuration(waited)}</dd>
      </div>
      <div className="flex gap-1">
        <dt>Körtid:</dt>
        <dd className="tabular-nums">{formatDuration(ran)}</dd>
      </div>
      {shownExitCode(view.status, view.logs?.exitCode ?? null) !== null && (
        <div className="flex gap-1">
          <dt>Slutkod:</dt>
          <dd className="tabular-nums">{view.logs!.exitCode}</dd>
        </div>
      )}
    </dl>
  );
}
