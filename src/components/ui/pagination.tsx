import Link from "next/link";

/**
 * Page links for server-rendered lists (plain links: they work without JavaScript and keep the
 * page in the URL). Renders nothing for a single page.
 */
export function Pagination({
  page,
  pages,
  href,
  label,
  previous = "← Föregående",
  next = "Nästa →",
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
  /** What is paged, for screen readers: "Sidor i katalogen". */
  label: string;
  previous?: string;
  next?: string;
}) {
  if (pages <= 1) return null;
  const linkClass = "rounded-md border border-stone-300 bg-white px-4 py-2 font-medium hover:bg-stone-100";
  return (
    <nav aria-label={label} className="mt-6 flex items-center justify-center gap-4 text-sm">
      {page > 1 && (
        <Link href={href(page - 1)} className={linkClass}>
          {previous}
        </Link>
      )}
      <span>
        Sida {page} av {pages}
      </span>
      {page < pages && (
        <Link href={href(page + 1)} className={linkClass}>
          {next}
        </Link>
      )}
    </nav>
  );
}
