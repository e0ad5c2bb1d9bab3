import type { ReactNode } from "react";
import { AppNav } from "@/components/app-nav";
import { redirect } from "next/navigation";
import { getSignedInUser } from "@/trpc/session";
import { logoutAction } from "./actions";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  return (
    <>
      <AppNav user={user} logoutAction={logoutAction} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
