"use client";

/**
 * stdout and stderr of a run, for the contributor's test area. Plain text in <pre> (React
 * escapes it); each panel is a native <details>, open when it has something to show.
 */
import { useLayoutEffect, useRef } from "react";
import { UI_CAPS } from "@/lib/ui-contract";

export const LOG_TRUNCATED_TEXT = `Utskriften kortades (mer än ${new Intl.NumberFormat("sv-SE").format(UI_CAPS.LOG_MAX_BYTES)} byte)`;

export type RunLogsProps = {
  stdout: string | null | undefined;
  stderr: string | null | undefined;
  stdoutTruncated?: boolean;
  stderrTruncated?: boolean;
  /** The run is still going: the text grows as the script prints (kept scrolled to the end). */
  live?: boolean;
};

function LogPanel({ title, text, truncated, live }: { title: string; text: string | null | undefined; truncated: boolean; live: boolean }) {
  const empty = !text;
  const pre = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  useLayoutEffect(() => {
    // Follow new lines while the reader is at the end; leave them alone when they scrolled up.
    if (live && following.current && pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [text, live]);
  return (
    <details open={!empty} className="rounded-md border border-stone-200 bg-white">
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-stone-800 hover:bg-stone-50">
        {title}
        {empty && <span className="font-normal text-stone-500"> – Ingen utskrift</span>}
      </summary>
      <div className="border-t border-stone-200 p-3">
        {truncated && (
          <p role="note" className="mb-2 rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-900">
            {LOG_TRUNCATED_TEXT}
          </p>
        )}
        {empty ? (
          <p className="text-sm text-stone-600">{live ? "Ingen utskrift ännu" : "Ingen utskrift"}</p>
        ) : (
          <pre
            ref={pre}
            onScroll={(event) => {
              const box = event.currentTarget;
              following.current = box.scrollHeight - box.scrollTop - box.clientHeight < 24;
            }}
            data-live={live ? "true" : undefined}
            tabIndex={0}
            className="max-h-96 overflow-auto rounded bg-stone-900 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words text-stone-100"
          >
            {text}
          </pre>
        )}
      </div>
    </details>
  );
}

export function RunLogs({ stdout, stderr, stdoutTruncated = false, stderrTruncated = false, live = false }: RunLogsProps) {
  return (
    // While live, lines stream in several times a second: never read them out (the Testyta's
    // result column is a polite live region); the finished logs are there to be read at will.
    <div className="space-y-3" aria-live={live ? "off" : undefined}>
      {live && <p className="text-xs text-stone-600">Utskriften visas medan skriptet körs.</p>}
      <LogPanel title="Utskrift (stdout)" text={stdout} truncated={stdoutTruncated} live={live} />
      <LogPanel title="Felutskrift (stderr)" text={stderr} truncated={stderrTruncated} live={live} />
    </div>
  );
}
