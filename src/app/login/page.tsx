import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { afterLoginPath } from "@/lib/return-path";
import { getSignedInUser } from "@/trpc/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Logga in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = afterLoginPath(params.callbackUrl);
  if (await getSignedInUser()) redirect(callbackUrl);
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="text-center text-3xl font-semibold text-brand-800">Skriptoteket</h1>
        <p className="mt-2 text-center text-stone-600">Logga in med ditt skolkonto.</p>
        <div className="mt-8 rounded-lg border border-stone-200 bg-white p-6 shadow-sm">
          {params.loggedOut && (
            <div className="mb-4">
              <Alert tone="success">Du är utloggad.</Alert>
            </div>
          )}
          <LoginForm callbackUrl={callbackUrl} />
        </div>
        <p className="mt-4 text-center text-sm text-stone-600">Inget konto? Be en administratör på din skola att skapa ett.</p>
      </div>
    </main>
  );
}
