"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { displayNameSchema } from "@/lib/user-schemas";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { problemOf } from "../ui/trpc-errors";

export function DisplayNameForm({ displayName }: { displayName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(displayName);
  const [saved, setSaved] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useMutation(
    trpc.me.updateProfile.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void queryClient.invalidateQueries({ queryKey: trpc.me.get.queryKey() });
      },
    }),
  );
  const problem = save.error ? problemOf(save.error) : null;
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const checked = displayNameSchema.safeParse(name);
    setInvalid(checked.success ? null : (checked.error.issues[0]?.message ?? "Skriv ett namn."));
    if (checked.success) save.mutate({ displayName: checked.data });
  }
  return (
    <form onSubmit={submit} aria-label="Namn" className="max-w-md space-y-4" noValidate>
      {saved && <Alert tone="success">Namnet är sparat.</Alert>}
      {problem && !invalid && <Alert tone="error">{problem.message}</Alert>}
      <TextField
        label="Namn som visas för andra"
        name="displayName"
        value={name}
        onChange={(event) => setName(event.target.value)}
        autoComplete="name"
        required
        maxLength={200}
        error={invalid ?? problem?.fieldErrors.displayName}
      />
      <Button type="submit" disabled={save.isPending}>
        Spara namnet
      </Button>
    </form>
  );
}
