import type { Metadata } from "next";
import Link from "next/link";
import { TestAreaView } from "@/components/testyta/test-area";
import { PageHeader } from "@/components/ui/page-header";
import { orNotFound, serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

type Params = Promise<{ toolId: string }>;

export const metadata: Metadata = { title: "Testyta" };

/** The Testyta of one tool: its maintainers and admins; for anyone else the tool does not exist. */
export default async function TestAreaPage({ params }: { params: Params }) {
  const { toolId } = await params;
  await requirePageRole("contributor", `/admin/tools/${toolId}`);
  const area = await orNotFound((await serverTrpc()).version.testArea({ toolId }));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/my-tools" className="text-brand-700 underline">
          ← Mina verktyg
        </Link>
      </p>
      <PageHeader title={`Testyta: ${area.tool.title}`} description={area.tool.summary || undefined} />
      <TestAreaView initial={area} />
    </>
  );
}
