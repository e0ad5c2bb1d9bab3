import "server-only";
import { createUserInput, type CreateUserInput } from "@/lib/user-schemas";
import { hashPassword } from "../auth/password";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { requireRole, type Actor } from "./actor";
import { recordAuditEvent } from "./record-audit-event";
import { ServiceError } from "./service-error";
import { parseInput } from "./parse-input";

export async function createUser({ actor, input }: { actor: Actor | null; input: CreateUserInput }) {
  const admin = requireRole(actor, "admin");
  const data = parseInput(createUserInput, input);
  const passwordHash = await hashPassword(data.password);
  const db = getDb();
  return db.transaction(async (tx) => {
    // The unique e-mail decides, also between two admins creating the same account at once.
    const [created] = await tx
      .insert(users)
      .values({ email: data.email, displayName: data.displayName, role: data.role, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, email: users.email, displayName: users.displayName, role: users.role });
    if (!created) {
      const message = "Det finns redan ett konto med den e-postadressen.";
      throw new ServiceError("CONFLICT", message, { fieldErrors: { email: message } });
    }
    await recordAuditEvent(tx, {
      actor: admin,
      action: "user.created",
      targetType: "user",
      targetId: created.id,
      after: { email: created.email, role: created.role },
    });
    return created;
  });
}
