"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useState, type FormEvent } from "react";
import { PASSWORD_MIN_LENGTH, ROLE_LABELS, ROLES, type Role } from "@/lib/domain";
import { createUserInput } from "@/lib/user-schemas";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { SelectField, TextField } from "../ui/field";

type FieldErrors = Partial<Record<"email" | "displayName" | "role" | "password", string>>;

function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof TRPCClientError)) return {};
  const data = error.data as { fieldErrors?: FieldErrors } | undefined;
  return data?.fieldErrors ?? {};
}

export function CreateUserForm({ onCreated }: { onCreated: (email: string) => void }) {
  const trpc = useTRPC();
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation(
    trpc.admin.createUser.mutationOptions({
      onSuccess: (user) => onCreated(user.email),
      onError: (error) => setErrors(serverFieldErrors(error)),
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = createUserInput.safeParse({
      email: form.get("email"),
      displayName: form.get("displayName"),
      role: form.get("role"),
      password: form.get("password"),
    });
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof FieldErrors] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  }

  const general = create.isError && Object.keys(errors).length === 0 ? create.error.message : null;
  return (
    <form onSubmit={submit} noValidate className="space-y-4 rounded-lg border border-stone-200 bg-white p-5" aria-labelledby="create-user-heading">
      <h2 id="create-user-heading" className="text-lg font-semibold">
        Nytt konto
      </h2>
      {general && <Alert tone="error">{general}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Namn" name="displayName" autoComplete="off" error={errors.displayName} required />
        <TextField label="E-postadress" name="email" type="email" autoComplete="off" error={errors.email} required />
        <SelectField label="Roll" name="role" defaultValue={"user" satisfies Role} error={errors.role}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Startlösenord"
          name="password"
          type="password"
          autoComplete="new-password"
          error={errors.password}
          hint={`Minst ${PASSWORD_MIN_LENGTH} tecken. Lämna det till personen på ett säkert sätt.`}
          required
        />
      </div>
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? "Skapar…" : "Skapa konto"}
      </Button>
    </form>
  );
}
