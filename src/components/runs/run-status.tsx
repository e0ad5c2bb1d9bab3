"use client";

import { useEffect, useState } from "react";
import type { RunStatus } from "@/lib/domain";
import { Badge } from "../ui/badge";

const STATUS_LABELS: Record<RunStatus, string> = {
  queued: "I kö",
  running: "Körs",
  succeeded: "Klar",
  failed: "Misslyckades",
  timed_out: "Tog för lång tid",
  cancelled: "Avbruten",
};

const BADGE: Record<RunStatus, string> = {
  queued: "bg-stone-100 text-stone-800",
  running: "bg-sky-100 text-sky-900",
  succeeded: "bg-emerald-100 text-emerald-900",
  failed: "bg-red-100 text-red-900",
  timed_out: "bg-amber-100 text-amber-900",
  cancelled: "bg-stone-200 text-stone-700",
};

export function StatusBadge({ status }: { status: RunStatus }) {
  return <Badge tone={BADGE[status]}>{STATUS_LABELS[status]}</Badge>;
}

/** Seconds since `since`, ticking once a second while mounted. */
function useElapsedSeconds(since: Date | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!since) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  return since ? Math.max(0, Math.floor((now - new Date(since).getTime()) / 1000)) : 0;
}

/** The live line above a run: where it is in the queue, or how long it has been running. */
export function RunProgress({ status, queuePosition, startedAt }: { status: RunStatus; queuePosition: number | null; startedAt: Date | null }) {
  const elapsed = useElapsedSeconds(status === "running" ? startedAt : null);
  if (status === "queued") {
    return (
      <span className="flex items-center gap-2">
        <Spinner />
        {queuePosition && queuePosition > 1 ? `I kö – ${queuePosition - 1} ${queuePosition - 1 === 1 ? "körning" : "körningar"} före din` : "I kö – startar strax"}
      </span>
    );
  }
  if (status === "running") {
    return (
      <span className="flex items-center gap-2">
        <Spinner />
        {/* The live region announces "Verktyget körs…" once; the ticking seconds are for the eye only. */}
        Verktyget körs…<span aria-hidden> {elapsed} s</span>
      </span>
    );
  }
  return null;
}

function Spinner() {
  return <span aria-hidden className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" />;
}
