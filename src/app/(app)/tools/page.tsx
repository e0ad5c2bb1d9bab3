import type { Metadata } from "next";
import { Pagination } from "@/components/ui/pagination";
import Link from "next/link";
import { CatalogFilters } from "@/components/catalog/catalog-filters";
import { FavoriteToggle } from "@/components/favorites/favorite-toggle";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { serverTrpc } from "@/trpc/server";
import { requirePageRole } from "@/trpc/session";

export const metadata: Metadata = { title: "Katalog" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const list = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value ? [value] : []);

export default async function CatalogPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePageRole("user", "/tools");
  const params = await searchParams;
  const query = typeof params.q === "string" ? params.q : "";
  const selectedProfessions = list(params.yrke);
  const selectedCategories = list(params.kategori);
  const page = Math.max(1, Number(params.sida) || 1);
  const onlyFavorites = params.favoriter === "1";
  const catalog = await (await serverTrpc()).tool.catalog({ query: query || undefined, professions: selectedProfessions, categories: selectedCategories, page, onlyFavorites });
  const pages = Math.max(1, Math.ceil(catalog.total / catalog.pageSize));
  const pageHref = (target: number) => {
    const next = new URLSearchParams();
    if (query) next.set("q", query);
    for (const slug of selectedProfessions) next.append("yrke", slug);
    for (const slug of selectedCategories) next.append("kategori", slug);
    if (onlyFavorites) next.set("favoriter", "1");
    if (target > 1) next.set("sida", String(target));
    return `/tools${next.size ? `?${next}` : ""}`;
  };
  const label = (options: { slug: string; label: string }[], slug: string) => options.find((option) => option.slug === slug)?.label ?? slug;
  const filtered = Boolean(query) || selectedProfessions.length > 0 || selectedCategories.length > 0 || onlyFavorites;

  return (
    <>
      <PageHeader title="Katalog" description="Välj ett verktyg, ladda upp dina filer och tryck KÖR." />
      <CatalogFilters
        query={query}
        professions={catalog.professions}
        categories={catalog.categories}
        selectedProfessions={selectedProfessions}
        selectedCategories={selectedCategories}
        onlyFavorites={onlyFavorites}
      />
      <p className="mb-3 text-sm text-stone-600" aria-live="polite">
        {catalog.total === 1 ? "1 verktyg" : `${catalog.total} verktyg`}
        {filtered && " matchar"}
        {pages > 1 && ` · sida ${page} av ${pages}`}
      </p>
      {catalog.tools.length === 0 ? (
        onlyFavorites && !query && selectedProfessions.length === 0 && selectedCategories.length === 0 ? (
          <EmptyState title="Du har inga favoriter ännu">
            Tryck på stjärnan på ett verktyg för att spara det här och på Hem.{" "}
            <Link href="/tools" className="font-medium text-brand-700 underline">
              Visa alla verktyg
            </Link>
          </EmptyState>
        ) : filtered ? (
          <EmptyState title="Inga verktyg matchar din sökning">
            Prova ett annat sökord eller ta bort några filter.{" "}
            <Link href="/tools" className="font-medium text-brand-700 underline">
              Visa alla verktyg
            </Link>
          </EmptyState>
        ) : (
          <EmptyState title="Inga verktyg är publicerade ännu">När en administratör har publicerat ett verktyg visas det här.</EmptyState>
        )
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {catalog.tools.map((tool) => (
            <li key={tool.id} className="relative">
              {/* A plain link: 48 client <Link>s would each add to the payload and prefetch a page.
                  The star sits beside the link, not in it (no button inside a link). */}
              <a
                href={`/tools/${tool.slug}`}
                className="flex h-full flex-col rounded-lg border border-stone-200 bg-white p-4 pr-14 shadow-sm transition hover:border-brand-600 hover:shadow"
              >
                <h2 id={`tool-title-${tool.id}`} className="font-semibold text-stone-900">
                  {tool.title}
                </h2>
                <p className="mt-1 flex-1 text-sm text-stone-600">{tool.summary}</p>
                <p className="mt-3 flex flex-wrap gap-1.5 text-xs">
                  {tool.professions.map((slug) => (
                    <span key={slug} className="rounded-full bg-brand-50 px-2 py-0.5 text-brand-800">
                      {label(catalog.professions, slug)}
                    </span>
                  ))}
                  {tool.categories.map((slug) => (
                    <span key={slug} className="rounded-full bg-stone-100 px-2 py-0.5 text-stone-700">
                      {label(catalog.categories, slug)}
                    </span>
                  ))}
                </p>
              </a>
              <span className="absolute right-2 top-2">
                <FavoriteToggle toolId={tool.id} describedBy={`tool-title-${tool.id}`} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} href={pageHref} label="Sidor i katalogen" />
    </>
  );
}
