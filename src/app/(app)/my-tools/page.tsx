import type { Metadata } from "next";
import { NewToolForm } from "@/components/my-tools/new-tool-form";
import { ToolList } from "@/components/my-tools/tool-list";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/domain";
import { serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Mina verktyg" };

export default async function MyToolsPage() {
  const me = await requirePageRole("contributor", "/my-tools");
  const { tools } = await (await serverTrpc()).myTools.list();
  const isAdmin = hasRole(me.role, "admin");
  return (
    <>
      <PageHeader
        title="Mina verktyg"
        description={
          isAdmin
            ? "Alla verktyg i Skriptoteket. Skriv och testa dem i Testytan innan de publiceras."
            : "Verktyg som du underhåller. Skriv och testa dem i Testytan innan de publiceras."
        }
      />
      <div className="mb-6">
        <NewToolForm />
      </div>
      {tools.length === 0 ? (
        <EmptyState title="Du underhåller inga verktyg ännu">Skapa ett med Nytt verktyg – det får ett startskript som du kan testköra direkt.</EmptyState>
      ) : (
        <ToolList tools={tools} showOwner={isAdmin} />
      )}
    </>
  );
}
