"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { LOCKOUT_MINUTES } from "@/lib/domain";
import { afterLoginPath } from "@/lib/return-path";
import { signIn } from "@/server/auth/config";

export type LoginState = { error?: string; email?: string };

function refusalMessage(code: string): string {
  if (code.startsWith("locked:")) {
    const minutes = Number(code.slice("locked:".length)) || LOCKOUT_MINUTES;
    return `Kontot är tillfälligt låst efter för många misslyckade inloggningar. Försök igen om ${minutes} ${minutes === 1 ? "minut" : "minuter"}, eller be en administratör låsa upp det.`;
  }
  if (code === "inactive") return "Kontot är inaktiverat. Kontakta en administratör om du behöver det igen.";
  return "Fel e-postadress eller lösenord.";
}

export async function loginAction(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const email = String(formData.get("email") ?? "");
  try {
    await signIn("credentials", {
      email,
      password: String(formData.get("password") ?? ""),
      redirectTo: afterLoginPath(formData.get("callbackUrl")),
    });
  } catch (error) {
    // signIn signals success by throwing Next's redirect; only auth failures are handled here.
    if (error instanceof CredentialsSignin) return { error: refusalMessage(error.code), email };
    if (error instanceof AuthError) return { error: "Inloggningen misslyckades. Försök igen.", email };
    throw error;
  }
  return {};
}
