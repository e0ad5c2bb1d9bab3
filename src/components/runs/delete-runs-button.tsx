"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { Button, buttonClasses } from "../ui/button";
import { problemOf } from "../ui/trpc-errors";

/**
 * Ta bort, in two steps: the button asks first (what goes, that it cannot be undone), then
 * deletes one run or all of a tool's. Focus moves to the question and back, so a keyboard user
 * never loses their place.
 */
export function DeleteRunsButton({
  target,
  label,
  question,
  afterDelete,
  size = "md",
}: {
  target: { runId: string } | { toolId: string };
  /** The button's text, e.g. "Ta bort" or "Ta bort alla körningar av verktyget". */
  label: string;
  question: string;
  /** Where to go afterwards; by default the page is refreshed in place. */
  afterDelete?: string;
  size?: "md" | "sm";
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const remove = useMutation(
    trpc.run.delete.mutationOptions({
      onSuccess: async () => {
        setAsking(false);
        await queryClient.invalidateQueries({ queryKey: trpc.run.listMine.queryKey() });
        if (afterDelete) router.push(afterDelete);
        else router.refresh();
      },
    }),
  );
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (returnFocus.current) openRef.current?.focus();
    returnFocus.current = false;
  }, [asking]);

  if (!asking) {
    return (
      <button ref={openRef} type="button" className={buttonClasses("danger", size)} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div role="group" aria-labelledby={questionId} className="flex max-w-sm flex-col gap-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm">
      <p id={questionId} className="text-red-900">
        {question} Det går inte att ångra.
      </p>
      <div className="flex flex-wrap gap-2">
        <button ref={confirmRef} type="button" className={buttonClasses("danger", size)} disabled={remove.isPending} onClick={() => remove.mutate(target)}>
          {remove.isPending ? "Tar bort…" : "Ja, ta bort"}
        </button>
        <Button
          variant="secondary"
          size={size}
          disabled={remove.isPending}
          onClick={() => {
            returnFocus.current = true;
            setAsking(false);
            remove.reset();
          }}
        >
          Avbryt
        </Button>
      </div>
      {remove.isError && (
        <p role="alert" className="text-red-800">
          {problemOf(remove.error, "Körningen kunde inte tas bort. Försök igen.").message}
        </p>
      )}
    </div>
  );
}
