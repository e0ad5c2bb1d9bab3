import Link from "next/link";

/**
 * What the product keeps about a user and how they can have it deleted: the one place for this
 * text (retention and "delete my runs" live with Mina körningar; keep the two in step).
 */
export function DataAboutYou() {
  return (
    <div className="max-w-2xl space-y-3 text-sm text-stone-700">
      <p>Skriptoteket sparar det här om dig:</p>
      <ul className="list-disc space-y-1 pl-5">
        <li>ditt konto: e-postadress, namn, roll, när du senast loggade in, och lösenordet som ett hashvärde (aldrig i klartext),</li>
        <li>
          dina körningar: filerna du laddade upp, det du skrev i formulären, resultaten och filerna verktygen gav tillbaka (under{" "}
          <Link href="/runs" className="font-medium text-brand-700 underline">
            Mina körningar
          </Link>
          ),
        </li>
        <li>dina inställningar för varje verktyg och var du är i ett verktyg med flera steg,</li>
        <li>dina favoriter,</li>
        <li>för bidragsgivare och administratörer: verktyg och versioner du har skrivit eller granskat, och en händelselogg över ändringar du gjort.</li>
      </ul>
      <p>
        Dina körningar och filerna i dem kan du ta bort i{" "}
        <Link href="/runs" className="font-medium text-brand-700 underline">
          Mina körningar
        </Link>
        . Favoriter tar du bort med stjärnan. Vill du att hela ditt konto tas bort, kontakta en administratör.
      </p>
    </div>
  );
}
