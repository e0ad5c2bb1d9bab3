import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Skriptoteket", template: "%s – Skriptoteket" },
  description: "Små verktyg för skolans vardag: ladda upp filer, tryck KÖR, få resultatet.",
  // In metadata rather than as app/icon.svg, so that the chart frame can go without it (its CSP
  // loads no images from anywhere).
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, never prerendered: its scripts must carry the nonce of
  // the CSP that src/proxy.ts sends with it.
  await connection();
  return (
    <html lang="sv">
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
