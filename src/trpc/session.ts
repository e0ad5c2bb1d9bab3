import "server-only";
import { forbidden, redirect } from "next/navigation";
import { hasRole, type Role } from "@/lib/domain";
import { getCurrentActor } from "@/server/auth/current-actor";

export type SignedInUser = { userId: string; role: Role; email: string; displayName: string };

/** The signed-in user, or null (for pages that also serve visitors, like /login). */
export async function getSignedInUser(): Promise<SignedInUser | null> {
  const actor = await getCurrentActor();
  if (!actor || actor.kind !== "user") return null;
  return { userId: actor.userId, role: actor.role, email: actor.email, displayName: actor.displayName };
}

/**
 * Pages call this first: not signed in → the login page (coming back here afterwards);
 * signed in with too low a role → 403 (app/forbidden.tsx).
 */
export async function requirePageRole(role: Role, returnTo: string): Promise<SignedInUser> {
  const user = await getSignedInUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!hasRole(user.role, role)) forbidden();
  return user;
}
