import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { FavoriteToggle } from "@/components/favorites/favorite-toggle";
import { ToolRunner } from "@/components/tool-runner/tool-runner";
import { PageHeader } from "@/components/ui/page-header";
import { orNotFound, serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

type Params = Promise<{ slug: string }>;

// One load per request, shared by the page and its metadata.
const loadTool = cache(async (slug: string) => orNotFound((await serverTrpc()).tool.page({ slug }), ["NOT_FOUND"]));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  try {
    return { title: (await loadTool(slug)).tool.title };
  } catch {
    return { title: "Verktyg" }; // not signed in: the page itself redirects to the login
  }
}

export default async function ToolPage({ params }: { params: Params }) {
  const { slug } = await params;
  await requirePageRole("user", `/tools/${slug}`);
  const page = await loadTool(slug);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/tools" className="text-brand-700 underline">
          ← Katalog
        </Link>
      </p>
      <PageHeader title={page.tool.title} description={page.tool.summary} actions={<FavoriteToggle toolId={page.tool.id} withText />} />
      <ToolRunner page={page} />
    </>
  );
}
