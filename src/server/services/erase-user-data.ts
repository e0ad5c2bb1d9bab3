import "server-only";
import { count, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { eraseUserDataInput } from "@/lib/user-schemas";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { getArtifactStore } from "../artifacts/default-artifact-store";
import { getDb } from "../db/client";
import { authSessions, runArtifacts, toolRuns, toolSessions, users, instructionViews, toolSuggestions } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { assertNotLastActiveAdmin, bumpSessionVersion, lockAdminChanges } from "./last-admin-guard";
import { clearLoginThrottle } from "./login-throttle";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { deleteRunRows, removeRunFiles } from "./run-files";
import { notFound, ServiceError } from "./service-error";

/**
 * An admin erases everything stored about a user's use of Skriptoteket: every run (KÖR and
 * TESTKÖR; queued ones leave the queue, running ones are stopped) with its files and result,
 * every tool session (interactive state and saved settings), and every login session (its
 * row is deleted, the session version bumped, and the account's login limits cleared). The account row itself stays, deactivated: audit events, tools
 * and versions the person wrote still point at it, and an admin can reactivate it (empty).
 * The audit event holds ids and counts only, never what was erased.
 */
export async function eraseUserData({
  actor,
  input,
  store = getArtifactStore(),
}: {
  actor: Actor | null;
  input: z.input<typeof eraseUserDataInput>;
  store?: ArtifactStore;
}) {
  const admin = requireRole(actor, "admin");
  const { userId } = parseInput(eraseUserDataInput, input);
  if (admin.kind === "user" && admin.userId === userId) {
    throw new ServiceError("VALIDATION", "Du kan inte radera dina egna uppgifter. Be en annan administratör göra det.");
  }
  const db = getDb();
  const { deleted, counts } = await db.transaction(async (tx) => {
    await lockAdminChanges(tx);
    const [user] = await tx.select({ id: users.id, isActive: users.isActive, email: users.email }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw notFound("Användaren");
    if (user.isActive) await assertNotLastActiveAdmin(tx, user.id, "Den sista aktiva administratören kan inte raderas.");
    const runs = await tx.select({ id: toolRuns.id, status: toolRuns.status }).from(toolRuns).where(eq(toolRuns.userId, userId)).for("update");
    const runIds = runs.map((run) => run.id);
    const [artifacts] = runIds.length
      ? await tx.select({ value: count() }).from(runArtifacts).where(inArray(runArtifacts.runId, runIds))
      : [{ value: 0 }];
    const [inputFiles] = await tx
      .select({ value: sql<number>`coalesce(sum(jsonb_array_length(${toolRuns.inputManifest})), 0)::int` })
      .from(toolRuns)
      .where(eq(toolRuns.userId, userId));
    const deletedRuns = await deleteRunRows(tx, runs);
    const sessions = await tx.delete(toolSessions).where(eq(toolSessions.userId, userId)).returning({ id: toolSessions.id });
    // What they wrote in Föreslå verktyg, and which instructions they have seen (a tool made
    // from an accepted suggestion stays; it is the maintainer's).
    await tx.delete(instructionViews).where(eq(instructionViews.userId, userId));
    await tx.delete(toolSuggestions).where(eq(toolSuggestions.suggestedBy, userId));
    await tx
      .update(users)
      .set({ isActive: false, sessionVersion: bumpSessionVersion, updatedAt: new Date() })
      .where(eq(users.id, userId));
    const loginSessions = await tx.delete(authSessions).where(eq(authSessions.userId, userId)).returning({ id: authSessions.id });
    await clearLoginThrottle(tx, user.email);
    const erased = { runs: deletedRuns.length, artifacts: artifacts?.value ?? 0, inputFiles: inputFiles?.value ?? 0, toolSessions: sessions.length, loginSessions: loginSessions.length };
    await recordAuditEvent(tx, {
      actor: admin,
      action: "user.data_erased",
      targetType: "user",
      targetId: userId,
      before: { isActive: user.isActive },
      after: { isActive: false, sessionsEnded: true, ...erased },
    });
    return { deleted: deletedRuns, counts: erased };
  });
  const removed = await removeRunFiles(db, store, deleted);
  return { ...counts, files: removed.files, bytes: removed.bytes };
}
