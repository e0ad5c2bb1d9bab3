"use client";

/**
 * Leaving the Testyta with unsaved changes asks first, whichever way the contributor leaves:
 *
 * - a link inside the app (Next's client navigation never fires `beforeunload`): a click on any
 *   same-origin anchor is caught in the capture phase on `document`, before React's root
 *   listener (where next/link navigates), and the dialog asks;
 * - the browser's Back button: while there are unsaved changes one extra history entry for
 *   this same page sits on top, so Back only pops that entry (`popstate`) and the dialog asks;
 *   leaving then goes back one more;
 * - closing the tab or reloading: `beforeunload` (the browser's own question).
 *
 * Nothing is lost either way: the working copy is also kept locally (draft-store.ts), which the
 * dialog says.
 */
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "../../ui/button";

type Pending = { kind: "link"; href: string } | { kind: "back" };

const GUARD_MARK = "__skriptoteketLeaveGuard";

export function LeaveGuard({ dirty }: { dirty: boolean }) {
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const dirtyRef = useRef(dirty);
  const leavingRef = useRef(false);
  useEffect(() => {
    dirtyRef.current = dirty;
  }, [dirty]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      if (!leavingRef.current) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  // In-app links.
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (!dirtyRef.current || leavingRef.current || event.defaultPrevented) return;
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return; // a new tab or window keeps this one
      const anchor = (event.target as Element | null)?.closest?.("a[href]");
      if (!(anchor instanceof HTMLAnchorElement)) return;
      if ((anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return; // beforeunload asks for those
      if (url.pathname === window.location.pathname && url.search === window.location.search) return; // same page, e.g. #anchor
      event.preventDefault();
      event.stopPropagation();
      setPending({ kind: "link", href: `${url.pathname}${url.search}${url.hash}` });
    };
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, []);

  // The Back button: one guard entry on top while there are unsaved changes.
  useEffect(() => {
    if (!dirty) return;
    const state = window.history.state as Record<string, unknown> | null;
    if (!state?.[GUARD_MARK]) window.history.pushState({ ...(state ?? {}), [GUARD_MARK]: true }, "", window.location.href);
    const onPopState = () => {
      if (!dirtyRef.current || leavingRef.current) return;
      setPending({ kind: "back" });
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, [dirty]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (pending && !dialog.open) dialog.showModal();
    if (!pending && dialog.open) dialog.close();
  }, [pending]);

  function stay() {
    // Back already popped the guard entry: put it back, so the next Back asks again.
    if (pending?.kind === "back") window.history.pushState({ ...((window.history.state as object | null) ?? {}), [GUARD_MARK]: true }, "", window.location.href);
    setPending(null);
  }

  function leave() {
    const target = pending;
    leavingRef.current = true;
    setPending(null);
    if (target?.kind === "link") router.push(target.href);
    else window.history.back();
  }

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby="leave-guard-title"
      aria-describedby="leave-guard-text"
      onCancel={(event) => {
        event.preventDefault();
        stay();
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-stone-300 bg-white p-5 text-stone-900 shadow-xl backdrop:bg-stone-900/40"
    >
      <h2 id="leave-guard-title" className="text-lg font-semibold">
        Lämna Testytan utan att spara?
      </h2>
      <p id="leave-guard-text" className="mt-2 text-sm text-stone-700">
        Du har ändringar som inte är sparade som en version. De finns kvar i den här webbläsaren och erbjuds igen när du öppnar Testytan, men ingen annan ser dem.
      </p>
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={stay} autoFocus>
          Stanna kvar
        </Button>
        <Button variant="danger" onClick={leave}>
          Lämna sidan
        </Button>
      </div>
    </dialog>
  );
}
