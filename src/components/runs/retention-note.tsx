import Link from "next/link";
import { formatCount } from "@/lib/format";

/**
 * The one plain sentence on how long a run's files and result are kept and how to delete
 * them sooner (the configured RUN_RETENTION_DAYS), on the tool page and in Mina körningar.
 */
export function RetentionNote({ retentionDays, where }: { retentionDays: number; where: "tool" | "runs" }) {
  return (
    <p className="text-sm text-stone-600" data-testid="retention-note">
      Filerna du laddar upp och resultatet sparas i {formatCount(retentionDays, "dag", "dagar")} och tas sedan bort automatiskt; du kan ta bort dem
      tidigare med <strong>Ta bort</strong>{" "}
      {where === "tool" ? (
        <>
          under{" "}
          <Link href="/runs" className="text-brand-700 underline">
            Mina körningar
          </Link>
        </>
      ) : (
        "här eller på körningens sida"
      )}
      .
    </p>
  );
}
