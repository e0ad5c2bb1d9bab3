import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Katalog" };

export default async function CatalogPage() {
  await requirePageRole("user", "/tools");
  return (
    <>
      <PageHeader title="Katalog" description="Välj ett verktyg, ladda upp dina filer och tryck KÖR." />
      <EmptyState title="Inga verktyg är publicerade ännu">
        När en administratör har publicerat ett verktyg visas det här.
      </EmptyState>
    </>
  );
}
