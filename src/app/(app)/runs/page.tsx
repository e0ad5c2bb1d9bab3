import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Mina körningar" };

export default async function RunsPage() {
  await requirePageRole("user", "/runs");
  return (
    <>
      <PageHeader title="Mina körningar" description="Här hittar du verktyg du har kört och resultaten från dem." />
      <EmptyState title="Du har inte kört något verktyg ännu">Gå till Katalogen, välj ett verktyg och tryck KÖR.</EmptyState>
    </>
  );
}
