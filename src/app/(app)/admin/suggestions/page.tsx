import type { Metadata } from "next";
import { SuggestionAdmin } from "@/components/suggestions/suggestion-admin";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Förslag" };

export default async function AdminSuggestionsPage() {
  await requirePageRole("admin", "/admin/suggestions");
  return (
    <>
      <PageHeader title="Förslag" description="Verktyg som användarna har föreslagit. Anta ett förslag för att skapa ett utkast, eller avböj det med en förklaring." />
      <SuggestionAdmin />
    </>
  );
}
