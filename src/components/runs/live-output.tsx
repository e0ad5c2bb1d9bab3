"use client";

import { useEffect, useRef, useState } from "react";
import type { ToolProgressReport } from "@/lib/live-output";

export { applyLiveUpdate, EMPTY_LIVE, type LiveOutput } from "@/lib/live-output";

/** A screen reader hears the tool's progress at most this often (the latest message then). */
const ANNOUNCE_EVERY_MS = 5_000;

/** `text`, changing at most every `ms`: the latest value wins at the end of each window. */
function useThrottled(text: string, ms: number): string {
  const [shown, setShown] = useState(text);
  const lastShown = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, lastShown.current + ms - Date.now());
    const timer = setTimeout(() => {
      lastShown.current = Date.now();
      setShown(text);
    }, wait);
    return () => clearTimeout(timer);
  }, [text, ms]);
  return shown;
}

/**
 * What a running tool reports with skriptoteket_toolkit.progress(): its latest message and, when
 * it gave a fraction, a bar. Rendered from the start of the run (empty until the first report),
 * so its polite live region exists before it speaks; it speaks the message, not the bar, and at
 * most every few seconds.
 */
export function ToolProgress({ progress }: { progress: ToolProgressReport | null }) {
  const percent = progress?.fraction === null || progress?.fraction === undefined ? null : Math.round(progress.fraction * 100);
  const announced = useThrottled(progress?.message ?? "", ANNOUNCE_EVERY_MS);
  return (
    // aria-live="off": the Testyta shows runs inside a polite region; the visible text must not
    // be read out at every update — only the throttled copy below is.
    <div data-testid="tool-progress" aria-live="off" className="space-y-1.5">
      {progress && progress.message && <p className="text-sm text-stone-800">{progress.message}</p>}
      {percent !== null && (
        <div
          role="progressbar"
          aria-label="Hur långt verktyget har kommit"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={progress?.message ? `${percent} procent – ${progress.message}` : `${percent} procent`}
          className="h-2 w-full overflow-hidden rounded-full bg-stone-200"
        >
          <div className="h-full rounded-full bg-brand-600 transition-[width] duration-200 motion-reduce:transition-none" style={{ width: `${percent}%` }} />
        </div>
      )}
      <span className="sr-only" aria-live="polite">
        {announced}
      </span>
    </div>
  );
}
