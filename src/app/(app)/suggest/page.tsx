import type { Metadata } from "next";
import { MySuggestions } from "@/components/suggestions/my-suggestions";
import { SuggestToolForm } from "@/components/suggestions/suggest-tool-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Föreslå verktyg" };

export default async function SuggestPage() {
  await requirePageRole("user", "/suggest");
  return (
    <>
      <PageHeader title="Föreslå verktyg" description="Saknar du ett verktyg? Beskriv vad det ska göra och för vem, så tittar en administratör på förslaget." />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-8 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <SuggestToolForm />
        <section aria-labelledby="mina-forslag">
          <h2 id="mina-forslag" className="mb-3 text-lg font-semibold">
            Mina förslag
          </h2>
          <MySuggestions />
        </section>
      </div>
    </>
  );
}
