"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/trpc/client";
import { Button } from "../ui/button";

/** Kör igen: the same tool with the same files and values; opens the new run. */
export function RerunButton({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const rerun = useMutation(trpc.run.rerun.mutationOptions({ onSuccess: ({ runId: next }) => router.push(`/runs/${next}`) }));
  return (
    <div className="flex flex-col items-end gap-1">
      <Button onClick={() => rerun.mutate({ runId })} disabled={rerun.isPending}>
        {rerun.isPending ? "Startar…" : "Kör igen"}
      </Button>
      {rerun.isError && (
        <p role="alert" className="max-w-xs text-right text-sm text-red-700">
          {rerun.error.message}
        </p>
      )}
    </div>
  );
}
