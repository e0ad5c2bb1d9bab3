import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { hasRole, type Role } from "@/lib/domain";
import { loginPathFor } from "@/lib/return-path";
import { getCurrentActor } from "@/server/auth/current-actor";
import { REQUEST_PATH_HEADER } from "@/server/http/trusted-request";

export type SignedInUser = { userId: string; role: Role; email: string; displayName: string };

/** The signed-in user, or null (for pages that also serve visitors, like /login). */
export async function getSignedInUser(): Promise<SignedInUser | null> {
  const actor = await getCurrentActor();
  if (!actor || actor.kind !== "user") return null;
  return { userId: actor.userId, role: actor.role, email: actor.email, displayName: actor.displayName };
}

/**
 * Pages call this first: not signed in → the login page (coming back to `returnTo`, by default
 * the page asked for);
 * signed in with too low a role → 403 (app/forbidden.tsx).
 */
export async function requirePageRole(role: Role, returnTo?: string): Promise<SignedInUser> {
  const user = await getSignedInUser();
  if (!user) redirect(loginPathFor(returnTo ?? (await headers()).get(REQUEST_PATH_HEADER)));
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

/**
 * Layouts call this: not signed in → the login page, coming back to the page that was asked for
 * (a layout is not told its URL; src/cli/web.ts passes it on in a header of ours).
 */
export async function requireSignedIn(): Promise<SignedInUser> {
  const user = await getSignedInUser();
  if (!user) redirect(loginPathFor((await headers()).get(REQUEST_PATH_HEADER)));
  return user;
}
