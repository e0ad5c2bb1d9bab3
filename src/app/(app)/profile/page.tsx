import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/profile/change-password-form";
import { DataAboutYou } from "@/components/profile/data-about-you";
import { DisplayNameForm } from "@/components/profile/display-name-form";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_LABELS } from "@/lib/domain";
import { requirePageRole } from "@/trpc/session";
import { changePasswordAction } from "./actions";

export const metadata: Metadata = { title: "Profil" };

export default async function ProfilePage() {
  const user = await requirePageRole("user", "/profile");
  const heading = "text-lg font-semibold text-stone-900 mb-3";
  return (
    <>
      <PageHeader title="Profil" description={`${user.email} · ${ROLE_LABELS[user.role]}`} />
      <div className="space-y-8">
        <section aria-labelledby="profile-name" className="rounded-lg border border-stone-200 bg-white p-5 shadow-sm">
          <h2 id="profile-name" className={heading}>
            Ditt namn
          </h2>
          <DisplayNameForm displayName={user.displayName} />
        </section>
        <section aria-labelledby="profile-password" className="rounded-lg border border-stone-200 bg-white p-5 shadow-sm">
          <h2 id="profile-password" className={heading}>
            Byt lösenord
          </h2>
          <p className="mb-4 max-w-2xl text-sm text-stone-600">När du byter lösenord loggas du ut överallt utom här.</p>
          <ChangePasswordForm action={changePasswordAction} />
        </section>
        <section aria-labelledby="profile-data" className="rounded-lg border border-stone-200 bg-white p-5 shadow-sm">
          <h2 id="profile-data" className={heading}>
            Det här sparar vi om dig
          </h2>
          <DataAboutYou />
        </section>
      </div>
    </>
  );
}
