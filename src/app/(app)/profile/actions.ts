"use server";

import { signIn } from "@/server/auth/config";
import { getCurrentActor } from "@/server/auth/current-actor";
import { changeOwnPassword } from "@/server/services/change-own-password";
import { ServiceError } from "@/server/services/service-error";

export type ChangePasswordState = { ok?: boolean; error?: string; fieldErrors?: Record<string, string> };

/**
 * Changes the signed-in user's password. The service ends the user's other sessions
 * (endOtherSessions); with today's JWT sessions that ends this one too, so this browser is
 * signed in again with the new password and keeps working.
 */
export async function changePasswordAction(_previous: ChangePasswordState, formData: FormData): Promise<ChangePasswordState> {
  const actor = await getCurrentActor();
  const currentPassword = String(formData.get("currentPassword") ?? "");
  const newPassword = String(formData.get("newPassword") ?? "");
  const repeated = String(formData.get("repeatPassword") ?? "");
  if (newPassword !== repeated) {
    return { error: "Lösenorden är inte likadana.", fieldErrors: { repeatPassword: "Skriv samma nya lösenord två gånger." } };
  }
  try {
    await changeOwnPassword({ actor, input: { currentPassword, newPassword } });
  } catch (error) {
    if (error instanceof ServiceError) return { error: error.message, fieldErrors: error.fieldErrors };
    throw error;
  }
  if (actor?.kind === "user") await signIn("credentials", { email: actor.email, password: newPassword, redirect: false });
  return { ok: true };
}
