import "server-only";
import { count, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { listAuditEventsInput } from "@/lib/user-schemas";
import { getDb } from "../db/client";
import { auditEvents, users } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { parseInput } from "./parse-input";

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEvents({ actor, input }: { actor: Actor | null; input: z.input<typeof listAuditEventsInput> }) {
  requireRole(actor, "admin");
  const { page } = parseInput(listAuditEventsInput, input);
  const db = getDb();
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: auditEvents.id,
        action: auditEvents.action,
        targetType: auditEvents.targetType,
        targetId: auditEvents.targetId,
        before: auditEvents.before,
        after: auditEvents.after,
        createdAt: auditEvents.createdAt,
        actorEmail: users.email,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .orderBy(desc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE),
    db.select({ value: count() }).from(auditEvents),
  ]);
  return { events: rows, total: total?.value ?? 0, page, pageSize: AUDIT_PAGE_SIZE };
}
