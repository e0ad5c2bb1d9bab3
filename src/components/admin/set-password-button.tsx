"use client";

import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { passwordSchema } from "@/lib/user-schemas";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { problemOf } from "../ui/trpc-errors";

/**
 * An admin sets a user's password. The dialog is the confirmation: it says what happens (the
 * user is signed out everywhere) and nothing changes until "Sätt lösenordet" is pressed.
 */
export function SetPasswordButton({ user, onDone }: { user: { id: string; displayName: string; email: string }; onDone: (message: string) => void }) {
  const trpc = useTRPC();
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useMutation(trpc.admin.setUserPassword.mutationOptions());
  const problem = save.error ? problemOf(save.error) : null;
  const titleId = `set-password-title-${user.id}`;

  function open() {
    setPassword("");
    setInvalid(null);
    save.reset();
    dialog.current?.showModal();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = passwordSchema.safeParse(password);
    setInvalid(checked.success ? null : (checked.error.issues[0]?.message ?? "Kontrollera lösenordet."));
    if (!checked.success) return;
    save.mutate(
      { userId: user.id, password },
      {
        onSuccess: () => {
          dialog.current?.close();
          setPassword("");
          onDone(`Nytt lösenord är satt för ${user.displayName}. Hen är utloggad överallt.`);
        },
      },
    );
  }

  return (
    <>
      <Button size="sm" variant="secondary" onClick={open} aria-label={`Sätt nytt lösenord för ${user.displayName}`}>
        Nytt lösenord
      </Button>
      <dialog ref={dialog} aria-labelledby={titleId} className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg p-0 text-left shadow-xl backdrop:bg-stone-900/40">
        <form onSubmit={submit} className="space-y-4 p-5" noValidate>
          <h2 id={titleId} className="text-lg font-semibold text-stone-900">
            Sätt nytt lösenord för {user.displayName}
          </h2>
          <p className="text-sm text-stone-700">
            {user.displayName} ({user.email}) loggas ut överallt och loggar sedan in med det nya lösenordet. Berätta lösenordet för hen på ett säkert sätt.
          </p>
          {problem && !invalid && <Alert tone="error">{problem.message}</Alert>}
          <TextField
            label="Nytt lösenord"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            hint="Minst 8 tecken."
            error={invalid ?? problem?.fieldErrors.password}
          />
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              Avbryt
            </Button>
            <Button type="submit" disabled={save.isPending}>
              Sätt lösenordet
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
