import { AdminNav } from "@/components/admin/admin-nav";
import type { ReactNode } from "react";
import { hasRole } from "@/lib/domain";
import { requirePageRole } from "@/trpc/session";

// Contributors reach one page under /admin: the Testyta of a tool they maintain
// (/admin/tools/[toolId]). Every other admin page checks for the admin role itself.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const me = await requirePageRole("contributor");
  if (!hasRole(me.role, "admin")) return <div>{children}</div>;
  return (
    <div>
      <AdminNav />
      {children}
    </div>
  );
}
