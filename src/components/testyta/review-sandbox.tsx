"use client";

/**
 * TESTKÖR on the review page: the admin runs exactly the version under review with their own
 * file (and its follow-up steps), in their own sandbox session, before publishing. When a run
 * ends the page is refreshed, so the evidence above shows it.
 */
import { useRouter } from "next/navigation";
import type { RunStatus, VersionState } from "@/lib/domain";
import { SandboxPanel, type SandboxArea } from "./sandbox-panel";

export function ReviewSandbox({
  toolId,
  version,
  uploadLimits,
  sandboxTimeoutSeconds,
  sandboxSettings,
}: {
  toolId: string;
  version: { id: string; versionNumber: number; state: VersionState };
  uploadLimits: SandboxArea["uploadLimits"];
  sandboxTimeoutSeconds: number;
  sandboxSettings: Record<string, unknown>;
}) {
  const router = useRouter();
  const area: SandboxArea = {
    tool: { id: toolId },
    versions: [{ id: version.id, versionNumber: version.versionNumber, state: version.state, changesRequested: false }],
    recentRuns: [] as { id: string; status: RunStatus; queuedAt: Date; versionNumber: number | null }[],
    uploadLimits,
    sandboxTimeoutSeconds,
    sandboxSettings: sandboxSettings as SandboxArea["sandboxSettings"],
  };
  return (
    <SandboxPanel
      area={area}
      heading={`TESTKÖR version ${version.versionNumber}`}
      description="Prova exakt den här versionen med en egen fil innan du publicerar. Körningen syns bara för dig och här som underlag."
      onRunFinished={() => router.refresh()}
    />
  );
}
