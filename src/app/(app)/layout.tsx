import type { ReactNode } from "react";
import { AppNav } from "@/components/app-nav";
import { requireSignedIn } from "@/trpc/session";
import { logoutAction } from "./actions";

export default async function AppLayout({ children }: { children: ReactNode }) {
  // Not signed in: to the login page and back to the page asked for (a shared /tools/<slug> link).
  const user = await requireSignedIn();
  return (
    <>
      {/* Only the role: the shell of a page is the same for everyone with that role, which
          lets the Katalog be served from a shared page cache (server/http/page-cache.ts). */}
      <AppNav role={user.role} logoutAction={logoutAction} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
