"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/admin/users", label: "Användare" },
  { href: "/admin/tools", label: "Verktyg" },
  { href: "/admin/review", label: "Granskning" },
  { href: "/admin/suggestions", label: "Förslag" },
  { href: "/admin/audit", label: "Händelselogg" },
  { href: "/admin/drift", label: "Drift" },
] as const;

/** The admin pages' tabs, with the one you are on marked (aria-current) for eyes and screen readers. */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Administration" className="mb-6 flex flex-wrap gap-1 border-b border-stone-200">
      {LINKS.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={pathname.startsWith(link.href) ? "page" : undefined}
          className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-stone-700 hover:border-stone-400 aria-[current=page]:border-brand-700 aria-[current=page]:text-brand-800"
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
