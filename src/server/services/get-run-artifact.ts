import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { runArtifacts } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { loadVisibleRun } from "./run-access";
import { notFound } from "./service-error";

/**
 * Authorizes a download: the artifact of a run the actor may see (route handlers bypass
 * tRPC, so the check is here). Anything else — another user's run, an unknown path — is
 * "not found".
 */
export async function getRunArtifact({ actor, runId, path }: { actor: Actor | null; runId: string; path: string }) {
  const who = requireRole(actor, "user");
  const db = getDb();
  // An admin fetching someone else's file is audit logged, like opening their run.
  await loadVisibleRun(db, who, runId, { audit: true });
  const [artifact] = await db
    .select()
    .from(runArtifacts)
    .where(and(eq(runArtifacts.runId, runId), eq(runArtifacts.path, path)));
  if (!artifact) throw notFound("Filen");
  return artifact;
}

export async function listRunArtifacts({ actor, runId }: { actor: Actor | null; runId: string }) {
  const who = requireRole(actor, "user");
  const db = getDb();
  await loadVisibleRun(db, who, runId);
  return db.select().from(runArtifacts).where(eq(runArtifacts.runId, runId)).orderBy(asc(runArtifacts.path));
}
