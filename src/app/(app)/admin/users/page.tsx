import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { UserAdmin } from "@/components/admin/user-admin";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Användare" };

export default async function AdminUsersPage() {
  const me = await requirePageRole("admin", "/admin/users");
  return (
    <>
      <PageHeader title="Användare" description="Skapa konton, ändra roller och inaktivera konton som inte längre ska användas." />
      <UserAdmin currentUserId={me.userId} />
    </>
  );
}
