import Link from "next/link";
import type { ReactNode } from "react";
import { requirePageRole } from "@/trpc/session";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePageRole("admin", "/admin/users");
  return (
    <div>
      <nav aria-label="Administration" className="mb-6 flex gap-1 border-b border-stone-200">
        <Link href="/admin/users" className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-stone-700 hover:border-stone-400">
          Användare
        </Link>
        <Link href="/admin/audit" className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-stone-700 hover:border-stone-400">
          Händelselogg
        </Link>
      </nav>
      {children}
    </div>
  );
}
