"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { hasRole, ROLE_LABELS, type Role } from "@/lib/domain";
import { useTRPC } from "@/trpc/client";

const LINKS: { href: string; label: string; role: Role }[] = [
  { href: "/", label: "Hem", role: "user" },
  { href: "/tools", label: "Katalog", role: "user" },
  { href: "/runs", label: "Mina körningar", role: "user" },
  { href: "/my-tools", label: "Mina verktyg", role: "contributor" },
  { href: "/suggest", label: "Föreslå verktyg", role: "user" },
  { href: "/admin/users", label: "Admin", role: "admin" },
];

/**
 * How many versions wait for review, beside Admin (admins only). Fetched by the browser, like
 * the name: the page shell stays the same for everyone with the role.
 */
function PendingReviewBadge() {
  const trpc = useTRPC();
  const pending = useQuery(trpc.review.pendingCount.queryOptions(undefined, { staleTime: 30_000 }));
  const count = pending.data?.count ?? 0;
  if (count === 0) return null;
  return (
    <span className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-amber-100 px-1.5 text-xs font-semibold text-amber-900">
      {count}
      <span className="sr-only"> {count === 1 ? "version väntar på granskning" : "versioner väntar på granskning"}</span>
    </span>
  );
}

/** The signed-in person's name, fetched by the browser (kept out of the shared page HTML). */
function SignedInName() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return <>{me.data?.displayName ?? ""}</>;
}

export function AppNav({ role, logoutAction }: { role: Role; logoutAction: () => Promise<void> }) {
  const pathname = usePathname();
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  // On a phone the links sit behind "Meny" (one header row instead of three or four); from md up
  // they are always shown and the button is hidden.
  const [open, setOpen] = useState(false);
  const [openedOn, setOpenedOn] = useState(pathname);
  // Navigating closes the menu (state adjusted during render, not in an effect).
  if (open && openedOn !== pathname) setOpen(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  // A contributor's Testyta lives under /admin/tools/…, but for them it is part of Mina verktyg.
  const inMyTools = pathname.startsWith("/my-tools") || (!hasRole(role, "admin") && pathname.startsWith("/admin/tools"));
  const isCurrent = (href: string) =>
    href === "/" ? pathname === "/" : href === "/my-tools" ? inMyTools : href === "/admin/users" ? pathname.startsWith("/admin") : pathname.startsWith(href);
  return (
    <header className="border-b border-stone-200 bg-white">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Hoppa till innehållet
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/tools" className="text-lg font-semibold text-brand-800">
          Skriptoteket
        </Link>
        <button
          ref={buttonRef}
          type="button"
          aria-expanded={open}
          aria-controls={menuId}
          onClick={() => {
            setOpenedOn(pathname);
            setOpen((value) => !value);
          }}
          className="ml-auto rounded-md border border-stone-300 px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-100 md:hidden"
        >
          Meny
        </button>
        <div id={menuId} className={`${open ? "flex" : "hidden"} w-full flex-col gap-2 md:flex md:w-auto md:flex-1 md:flex-row md:flex-wrap md:items-center md:gap-6`}>
          <nav aria-label="Huvudmeny" className="flex flex-1 flex-col gap-1 md:flex-row md:flex-wrap">
            {LINKS.filter((link) => hasRole(role, link.role)).map((link) => (
              <Link
                key={link.href}
                href={link.href}
                aria-current={isCurrent(link.href) ? "page" : undefined}
                className="rounded-md px-3 py-2 text-sm font-medium text-stone-700 hover:bg-stone-100 aria-[current=page]:bg-brand-50 aria-[current=page]:text-brand-800"
              >
                {link.label}
                {link.href === "/admin/users" && <PendingReviewBadge />}
              </Link>
            ))}
          </nav>
          <div className="flex items-center justify-between gap-3 border-t border-stone-100 pt-2 text-sm md:border-0 md:pt-0">
            {/* The name leads to the profile (display name, password, your data) from every page. */}
            <Link
              href="/profile"
              aria-current={pathname === "/profile" ? "page" : undefined}
              className="rounded-md px-3 py-2 text-stone-700 hover:bg-stone-100 aria-[current=page]:bg-brand-50 aria-[current=page]:text-brand-800"
            >
              <span className="font-medium">
                <SignedInName />
              </span>{" "}
              <span className="text-stone-500">·</span> {ROLE_LABELS[role]}
              <span className="sr-only"> – Min profil</span>
            </Link>
            <form action={logoutAction}>
              <button type="submit" className="rounded-md px-3 py-2 font-medium text-stone-700 hover:bg-stone-100">
                Logga ut
              </button>
            </form>
          </div>
        </div>
      </div>
    </header>
  );
}
