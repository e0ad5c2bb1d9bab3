"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

type CopyState = "idle" | "copied" | "selected";

/**
 * A code block from a tool's Markdown with a Kopiera button: tools hand teachers text to paste
 * elsewhere (a Bcc line, a list of names), and selecting one long line by hand is fiddly,
 * especially on a phone. Where the browser refuses the clipboard (plain http on a school
 * network is not a secure context), the text is selected instead, ready for Ctrl+C.
 */
export function CopyablePre({ className, children }: { className: string; children: ReactNode }) {
  const preRef = useRef<HTMLPreElement>(null);
  const [state, setState] = useState<CopyState>("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 4000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    const pre = preRef.current;
    if (!pre) return;
    try {
      // Without the code block's final newline: pasted into a Bcc field it would start a new line.
      await navigator.clipboard.writeText(pre.innerText.replace(/\n$/, ""));
      setState("copied");
    } catch {
      const range = document.createRange();
      range.selectNodeContents(pre);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      setState("selected");
    }
  }

  return (
    <div className="relative my-3">
      {/* A tab stop: a long line scrolls sideways, and a keyboard user must be able to scroll it too. */}
      <pre ref={preRef} tabIndex={0} className={`${className} pr-24`}>
        {children}
      </pre>
      <button
        type="button"
        onClick={() => void copy()}
        className="absolute right-2 top-2 rounded-md border border-stone-300 bg-white px-2 py-1 text-xs font-medium text-stone-800 hover:bg-stone-50"
      >
        {state === "copied" ? "Kopierat ✓" : "Kopiera"}
      </button>
      <span role="status" className="sr-only">
        {state === "copied" ? "Texten är kopierad." : state === "selected" ? "Texten är markerad. Tryck Ctrl+C för att kopiera den." : ""}
      </span>
      {state === "selected" && <p className="mt-1 text-xs text-stone-700">Texten är markerad. Tryck Ctrl+C (Cmd+C på Mac) för att kopiera den.</p>}
    </div>
  );
}
