"use client";

import { useActionState } from "react";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";

export type ChangePasswordState = { ok?: boolean; error?: string; fieldErrors?: Record<string, string> };

/** Current password, the new one twice. The form resets after a change (React resets it after an action). */
export function ChangePasswordForm({ action }: { action: (previous: ChangePasswordState, formData: FormData) => Promise<ChangePasswordState> }) {
  const [state, formAction, pending] = useActionState(action, {});
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} aria-label="Byt lösenord" className="max-w-md space-y-4" noValidate>
      {state.ok && <Alert tone="success">Lösenordet är bytt. Du är utloggad på alla andra datorer och telefoner.</Alert>}
      {state.error && <Alert tone="error">{state.error}</Alert>}
      <TextField label="Nuvarande lösenord" name="currentPassword" type="password" autoComplete="current-password" required error={errors.currentPassword} />
      <TextField label="Nytt lösenord" name="newPassword" type="password" autoComplete="new-password" required minLength={8} hint="Minst 8 tecken." error={errors.newPassword} />
      <TextField label="Nytt lösenord igen" name="repeatPassword" type="password" autoComplete="new-password" required error={errors.repeatPassword} />
      <Button type="submit" disabled={pending}>
        {pending ? "Byter lösenord…" : "Byt lösenord"}
      </Button>
    </form>
  );
}
