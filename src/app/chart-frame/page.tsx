import type { Metadata } from "next";
import { ChartFrameDocument } from "@/components/run-result/chart-frame";

export const metadata: Metadata = { title: "Diagram", robots: { index: false }, icons: [] };

/**
 * The document a chart is drawn in (components/run-result/chart-frame.tsx). Public and empty:
 * it holds no data until the page that frames it posts a spec. src/proxy.ts serves it with its
 * own CSP — sandboxed (opaque origin, scripts only), no network, framable only by the app.
 */
export default function ChartFramePage() {
  return <ChartFrameDocument />;
}
