import "server-only";
import type { z } from "zod";
import { versionIdInput } from "@/lib/version-schemas";
import type { Actor } from "./actor";
import { activateVersion } from "./activate-version";
import { requireAdmin, withLockedVersion } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { ServiceError } from "./service-error";

/**
 * Återställ (admin): an archived version that was once published becomes active again and the
 * current active one is archived, atomically (same rules as publishing).
 */
export async function rollbackVersion({ actor, input }: { actor: Actor | null; input: z.input<typeof versionIdInput> }) {
  const admin = requireAdmin(actor);
  const { versionId } = parseInput(versionIdInput, input);
  return withLockedVersion(versionId, async (tx, tool, version) => {
    if (version.state !== "archived") {
      throw new ServiceError("CONFLICT", `Bara arkiverade versioner kan återställas; version ${version.versionNumber} är inte arkiverad.`);
    }
    if (version.publishedAt === null) {
      throw new ServiceError("CONFLICT", `Version ${version.versionNumber} har aldrig varit publicerad och kan inte återställas.`);
    }
    return activateVersion(tx, { admin, toolId: tool.id, version, action: "version.rolled_back" });
  });
}
