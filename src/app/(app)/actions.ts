"use server";

import { signOut } from "@/server/auth/config";

export async function logoutAction(): Promise<void> {
  await signOut({ redirectTo: "/login?loggedOut=1" });
}
