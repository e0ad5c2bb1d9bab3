import type { Metadata } from "next";
import { ToolList } from "@/components/my-tools/tool-list";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Verktyg" };

export default async function AdminToolsPage() {
  await requirePageRole("admin", "/admin/tools");
  const { tools } = await (await serverTrpc()).myTools.list();
  return (
    <>
      <PageHeader title="Verktyg" description="Alla verktyg, publicerade eller inte. Öppna Testytan för att ändra uppgifter, publicera eller välja underhållare." />
      {tools.length === 0 ? <EmptyState title="Inga verktyg ännu" /> : <ToolList tools={tools} showOwner from="admin" />}
    </>
  );
}
