import "server-only";
import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { listAuditEventsInput } from "@/lib/user-schemas";
import { getDb } from "../db/client";
import { auditEvents, users } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { pageOffset } from "./list-query";
import { parseInput } from "./parse-input";

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEvents({ actor, input }: { actor: Actor | null; input: z.input<typeof listAuditEventsInput> }) {
  requireRole(actor, "admin");
  const { page } = parseInput(listAuditEventsInput, input);
  const db = getDb();
  const [rows, total] = await Promise.all([
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
      .offset(pageOffset(page, AUDIT_PAGE_SIZE)),
    db.$count(auditEvents),
  ]);
  return { events: rows, total, page, pageSize: AUDIT_PAGE_SIZE };
}
