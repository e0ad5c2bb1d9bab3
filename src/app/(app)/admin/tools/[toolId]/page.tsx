import type { Metadata } from "next";
import Link from "next/link";
import { TestAreaView } from "@/components/testyta/test-area";
import { PageHeader } from "@/components/ui/page-header";
import { orNotFound, serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

type Params = Promise<{ toolId: string }>;

/** Back where the Testyta was opened from (`?from=`): Admin › Verktyg, a review, or Mina verktyg. */
const BACK_LINKS: Record<string, { href: string; label: string }> = {
  admin: { href: "/admin/tools", label: "← Verktyg" },
  review: { href: "/admin/review", label: "← Granskning" },
};
const MY_TOOLS = { href: "/my-tools", label: "← Mina verktyg" };

export const metadata: Metadata = { title: "Testyta" };

/** The Testyta of one tool: its maintainers and admins; for anyone else the tool does not exist. */
export default async function TestAreaPage({ params, searchParams }: { params: Params; searchParams: Promise<{ from?: string | string[] }> }) {
  const { toolId } = await params;
  const { from } = await searchParams;
  const back = (typeof from === "string" && Object.hasOwn(BACK_LINKS, from) ? BACK_LINKS[from] : undefined) ?? MY_TOOLS;
  await requirePageRole("contributor", `/admin/tools/${toolId}`);
  const area = await orNotFound((await serverTrpc()).version.testArea({ toolId }));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={back.href} className="text-brand-700 underline">
          {back.label}
        </Link>
      </p>
      <PageHeader title={`Testyta: ${area.tool.title}`} description={area.tool.summary || undefined} />
      <TestAreaView initial={area} />
    </>
  );
}
