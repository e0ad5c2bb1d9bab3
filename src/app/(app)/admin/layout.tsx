import Link from "next/link";
import type { ReactNode } from "react";
import { hasRole } from "@/lib/domain";
import { requirePageRole } from "@/trpc/session";

// Contributors reach one page under /admin: the Testyta of a tool they maintain
// (/admin/tools/[toolId]). Every other admin page checks for the admin role itself.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const me = await requirePageRole("contributor", "/admin/users");
  if (!hasRole(me.role, "admin")) return <div>{children}</div>;
  return (
    <div>
      <nav aria-label="Administration" className="mb-6 flex gap-1 border-b border-stone-200">
        <Link href="/admin/users" className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-stone-700 hover:border-stone-400">
          Användare
        </Link>
        <Link href="/admin/tools" className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-stone-700 hover:border-stone-400">
          Verktyg
        </Link>
        <Link href="/admin/review" className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-stone-700 hover:border-stone-400">
          Granskning
        </Link>
        <Link href="/admin/audit" className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-stone-700 hover:border-stone-400">
          Händelselogg
        </Link>
      </nav>
      {children}
    </div>
  );
}
