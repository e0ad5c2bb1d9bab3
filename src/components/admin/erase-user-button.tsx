"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { Button, buttonClasses } from "../ui/button";

/**
 * Radera uppgifter: erase everything stored about a user's use of Skriptoteket (runs, files,
 * results, tool settings and state, login sessions) after an explicit question. The account
 * stays, deactivated.
 */
export function EraseUserButton({ user, onDone, onError }: { user: { id: string; displayName: string }; onDone: (text: string) => void; onError: (error: unknown) => void }) {
  const trpc = useTRPC();
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const erase = useMutation(
    trpc.admin.eraseUserData.mutationOptions({
      onSuccess: (result) => {
        setAsking(false);
        onDone(`${user.displayName}s uppgifter är raderade (${result.runs === 1 ? "1 körning" : `${result.runs} körningar`}) och kontot är inaktiverat och utloggat.`);
      },
      onError: (error) => {
        setAsking(false);
        onError(error);
      },
    }),
  );
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <Button size="sm" variant="danger" onClick={() => setAsking(true)} aria-label={`Radera uppgifter om ${user.displayName}`}>
        Radera uppgifter
      </Button>
    );
  }
  return (
    <div role="group" aria-labelledby={questionId} className="flex max-w-xs flex-col gap-2 rounded-md border border-red-200 bg-red-50 p-3 text-left text-sm">
      <p id={questionId} className="text-red-900">
        Radera alla körningar, filer, resultat och verktygsinställningar för {user.displayName} och logga ut hen? Kontot inaktiveras. Det går inte att ångra.
      </p>
      <div className="flex flex-wrap gap-2">
        <button ref={confirmRef} type="button" className={buttonClasses("danger", "sm")} disabled={erase.isPending} onClick={() => erase.mutate({ userId: user.id })}>
          {erase.isPending ? "Raderar…" : "Ja, radera"}
        </button>
        <Button size="sm" variant="secondary" disabled={erase.isPending} onClick={() => setAsking(false)}>
          Avbryt
        </Button>
      </div>
    </div>
  );
}
