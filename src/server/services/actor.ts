import { hasRole, type Role } from "@/lib/domain";
import { ServiceError } from "./service-error";

/** Who is acting: a signed-in person, or the operator at the command line. */
export type Actor =
  | { kind: "user"; userId: string; role: Role; email: string; displayName: string }
  | { kind: "system"; label: string };

export type UserActor = Extract<Actor, { kind: "user" }>;

export const CLI_ACTOR: Actor = { kind: "system", label: "cli" };

/** Services call this first: route handlers bypass tRPC middleware, so the check lives here. */
export function requireRole(actor: Actor | null, role: Role): Actor {
  if (!actor) throw new ServiceError("UNAUTHORIZED", "Du behöver logga in.");
  if (actor.kind === "system") return actor;
  if (!hasRole(actor.role, role)) throw new ServiceError("FORBIDDEN", "Du har inte behörighet till det här.");
  return actor;
}

/**
 * A signed-in person with at least `role`. The command line passes requireRole, but has no
 * account of its own (no runs, settings or tools), so it is refused with `forbidden`.
 */
export function requireUser(actor: Actor | null, role: Role, forbidden: string): UserActor {
  const who = requireRole(actor, role);
  if (who.kind !== "user") throw new ServiceError("FORBIDDEN", forbidden);
  return who;
}

/** The user id to record as the author of a change (null for the command line). */
export function actorUserId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}
