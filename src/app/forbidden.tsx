import Link from "next/link";

export default function Forbidden() {
  return (
    // Not <main>: these render inside the app layout, which already has the page's one <main id="main">.
    <div className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">Du har inte behörighet till den här sidan</h1>
      <p className="mt-3 text-stone-600">Sidan kräver en annan roll än den ditt konto har. Be en administratör om hjälp om du behöver komma åt den.</p>
      <p className="mt-6">
        <Link href="/tools" className="font-medium text-brand-700 underline">
          Till katalogen
        </Link>
      </p>
    </div>
  );
}
