import "server-only";
import { asc, ilike, or } from "drizzle-orm";
import { listUsersInput } from "@/lib/user-schemas";
import type { z } from "zod";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { likePattern, pageOffset } from "./list-query";
import { lockedUntilByEmail } from "./login-throttle";
import { parseInput } from "./parse-input";

export const USERS_PAGE_SIZE = 50;

export async function listUsers({ actor, input }: { actor: Actor | null; input: z.input<typeof listUsersInput> }) {
  requireRole(actor, "admin");
  const { query, page } = parseInput(listUsersInput, input);
  const pattern = query ? likePattern(query) : undefined;
  const where = pattern ? or(ilike(users.email, pattern), ilike(users.displayName, pattern)) : undefined;
  const db = getDb();
  const [rows, total] = await Promise.all([
    db
      .select({
        id: users.id,
        email: users.email,
        displayName: users.displayName,
        role: users.role,
        isActive: users.isActive,
        lastLoginAt: users.lastLoginAt,
        createdAt: users.createdAt,
      })
      .from(users)
      .where(where)
      .orderBy(asc(users.email))
      .limit(USERS_PAGE_SIZE)
      .offset(pageOffset(page, USERS_PAGE_SIZE)),
    db.$count(users, where),
  ]);
  const locks = await lockedUntilByEmail(db, rows.map((row) => row.email));
  return { users: rows.map((row) => ({ ...row, lockedUntil: locks.get(row.email) ?? null })), total, page, pageSize: USERS_PAGE_SIZE };
}
