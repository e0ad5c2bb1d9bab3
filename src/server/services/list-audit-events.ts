import "server-only";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { describeAuditEvent } from "@/lib/audit-labels";
import { listAuditEventsInput } from "@/lib/user-schemas";
import { getDb } from "../db/client";
import { auditEvents, toolRuns, tools, users } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { pageOffset } from "./list-query";
import { parseInput } from "./parse-input";

export const AUDIT_PAGE_SIZE = 50;

type Json = Record<string, unknown> | null;
const idIn = (value: unknown): string | null => (typeof value === "string" && /^[0-9a-f-]{36}$/i.test(value) ? value : null);

/**
 * Händelselogg: who did what to which tool or user, in words, newest first — filtered by kind of
 * action, by who did it and by day (Swedish time), paged. The ids in an event are resolved to
 * the names of the people and tools they stand for; the raw event stays as stored.
 */
export async function listAuditEvents({ actor, input }: { actor: Actor | null; input: z.input<typeof listAuditEventsInput> }) {
  requireRole(actor, "admin");
  const { page, action, actorId, from, to } = parseInput(listAuditEventsInput, input);
  const db = getDb();
  const day = sql`(${auditEvents.createdAt} at time zone 'Europe/Stockholm')::date`;
  const filters: SQL[] = [];
  if (action) filters.push(eq(auditEvents.action, action));
  if (actorId) filters.push(eq(auditEvents.actorId, actorId));
  if (from) filters.push(sql`${day} >= ${from}::date`);
  if (to) filters.push(sql`${day} <= ${to}::date`);
  const where = filters.length ? and(...filters) : undefined;
  const [rows, total, actors] = await Promise.all([
    db
      .select({
        id: auditEvents.id,
        action: auditEvents.action,
        targetType: auditEvents.targetType,
        targetId: auditEvents.targetId,
        before: auditEvents.before,
        after: auditEvents.after,
        createdAt: auditEvents.createdAt,
        actorName: users.displayName,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(where)
      .orderBy(desc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset(pageOffset(page, AUDIT_PAGE_SIZE)),
    db.$count(auditEvents, where),
    // Everyone who appears as an actor, for the "Vem" filter.
    db
      .selectDistinct({ id: users.id, displayName: users.displayName })
      .from(auditEvents)
      .innerJoin(users, eq(users.id, auditEvents.actorId))
      .orderBy(users.displayName),
  ]);

  // The ids the events name, resolved in three queries for the whole page.
  const runIds = rows.filter((row) => row.targetType === "run").map((row) => row.targetId).filter((id) => idIn(id));
  const runs = runIds.length ? await db.select({ id: toolRuns.id, toolId: toolRuns.toolId }).from(toolRuns).where(inArray(toolRuns.id, runIds)) : [];
  const toolOfRun = new Map(runs.map((run) => [run.id, run.toolId]));
  const toolIdOf = (row: (typeof rows)[number]) => {
    const before = row.before as Json;
    const after = row.after as Json;
    if (row.targetType === "tool") return idIn(row.targetId);
    if (row.targetType === "tool_version") return idIn(after?.toolId) ?? idIn(before?.toolId);
    if (row.targetType === "run") return toolOfRun.get(row.targetId) ?? null;
    return null;
  };
  const personIdOf = (row: (typeof rows)[number]) => {
    const before = row.before as Json;
    const after = row.after as Json;
    return idIn(after?.userId) ?? idIn(before?.userId) ?? idIn(after?.ownerId);
  };
  const userIds = [...new Set(rows.flatMap((row) => [row.targetType === "user" ? idIn(row.targetId) : null, personIdOf(row)]).filter((id): id is string => id !== null))];
  const toolIds = [...new Set(rows.map(toolIdOf).filter((id): id is string => id !== null))];
  const [people, toolRows] = await Promise.all([
    userIds.length ? db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, userIds)) : [],
    toolIds.length ? db.select({ id: tools.id, title: tools.title }).from(tools).where(inArray(tools.id, toolIds)) : [],
  ]);
  const personName = new Map(people.map((person) => [person.id, person.displayName]));
  const toolTitle = new Map(toolRows.map((tool) => [tool.id, tool.title]));

  const events = rows.map((row) => {
    const toolId = toolIdOf(row);
    const personId = personIdOf(row);
    const targetName = row.targetType === "user" ? (personName.get(row.targetId) ?? null) : toolId ? (toolTitle.get(toolId) ?? null) : null;
    return {
      id: row.id,
      action: row.action,
      createdAt: row.createdAt,
      actorName: row.actorName,
      description: describeAuditEvent({
        action: row.action,
        actorName: row.actorName,
        targetName,
        personName: personId ? (personName.get(personId) ?? null) : null,
        before: row.before,
        after: row.after,
      }),
      /** Where to look at the thing: the tool's Testyta. */
      toolId,
    };
  });
  return { events, total, page, pageSize: AUDIT_PAGE_SIZE, actors };
}
