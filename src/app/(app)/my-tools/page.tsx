import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Mina verktyg" };

export default async function MyToolsPage() {
  await requirePageRole("contributor", "/my-tools");
  return (
    <>
      <PageHeader title="Mina verktyg" description="Verktyg som du underhåller. Skriv och testa dem i Testytan innan de publiceras." />
      <EmptyState title="Du underhåller inga verktyg ännu" />
    </>
  );
}
