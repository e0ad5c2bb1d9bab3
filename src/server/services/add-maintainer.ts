import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { hasRole, ROLE_LABELS } from "@/lib/domain";
import { addMaintainerInput } from "@/lib/version-schemas";
import { getDb } from "../db/client";
import { toolMaintainers, users } from "../db/schema";
import type { Actor } from "./actor";
import { isMaintainer, loadToolForAdmin, requireAdmin } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { recordAuditEvent } from "./record-audit-event";
import { ServiceError } from "./service-error";

/** An admin lets another contributor (or admin) maintain a tool: save, TESTKÖR and submit it. */
export async function addMaintainer({ actor, input }: { actor: Actor | null; input: z.input<typeof addMaintainerInput> }) {
  const admin = requireAdmin(actor);
  const { toolId, email } = parseInput(addMaintainerInput, input);
  return getDb().transaction(async (tx) => {
    const tool = await loadToolForAdmin(tx, toolId, { lock: true });
    const [user] = await tx.select().from(users).where(eq(users.email, email));
    const refuse = (message: string) => new ServiceError("VALIDATION", message, { fieldErrors: { email: message } });
    if (!user) throw refuse(`Det finns inget konto med e-postadressen ${email}.`);
    if (!user.isActive) throw refuse(`Kontot ${email} är inaktiverat.`);
    if (!hasRole(user.role, "contributor")) {
      throw refuse(`${user.displayName} är ${ROLE_LABELS[user.role].toLowerCase()}. Bara bidragsgivare och administratörer kan underhålla verktyg; ändra rollen först.`);
    }
    if (await isMaintainer(tx, tool.id, user.id)) return { userId: user.id, added: false };
    await tx.insert(toolMaintainers).values({ toolId: tool.id, userId: user.id, addedBy: admin.userId });
    await recordAuditEvent(tx, {
      actor: admin,
      action: "tool.maintainer_added",
      targetType: "tool",
      targetId: tool.id,
      after: { userId: user.id, email: user.email },
    });
    return { userId: user.id, added: true };
  });
}
