import Link from "next/link";

export default function NotFound() {
  return (
    // Not <main>: these render inside the app layout, which already has the page's one <main id="main">.
    <div className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">Sidan finns inte</h1>
      <p className="mt-3 text-stone-600">Adressen kan vara fel, eller så har det du letar efter tagits bort.</p>
      <p className="mt-6">
        <Link href="/tools" className="font-medium text-brand-700 underline">
          Till katalogen
        </Link>
      </p>
    </div>
  );
}
