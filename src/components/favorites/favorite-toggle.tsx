"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";

/**
 * The star on a tool. Whose stars are on comes from the browser (one shared query for the
 * whole page, after load), never from the page HTML: the Katalog is served from a cache shared
 * by everyone with the same role (server/http/page-cache.ts).
 */
/** `withText`: the label is shown beside the star (the tool page); else the star alone, named by aria-label (cards). */
export function FavoriteToggle({ toolId, describedBy, withText = false }: { toolId: string; describedBy?: string; withText?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const idsQuery = trpc.me.favoriteToolIds.queryOptions(undefined, { staleTime: 60_000 });
  const favorites = useQuery(idsQuery);
  const [failed, setFailed] = useState(false);
  const save = useMutation(
    trpc.me.setFavorite.mutationOptions({
      onMutate: async ({ favorite }) => {
        setFailed(false);
        await queryClient.cancelQueries({ queryKey: idsQuery.queryKey });
        const previous = queryClient.getQueryData(idsQuery.queryKey);
        queryClient.setQueryData(idsQuery.queryKey, (old) => {
          const ids = new Set(old?.toolIds ?? []);
          if (favorite) ids.add(toolId);
          else ids.delete(toolId);
          return { toolIds: [...ids] };
        });
        return { previous };
      },
      onError: (_error, _input, context) => {
        queryClient.setQueryData(idsQuery.queryKey, context?.previous);
        setFailed(true);
      },
      onSettled: () => {
        void queryClient.invalidateQueries({ queryKey: idsQuery.queryKey });
        void queryClient.invalidateQueries({ queryKey: trpc.me.home.queryKey() });
      },
    }),
  );
  const isFavorite = favorites.data?.toolIds.includes(toolId) ?? false;
  const label = isFavorite ? "Ta bort från favoriter" : "Lägg till i favoriter";
  const shape = withText ? "h-10 gap-2 rounded-md border border-stone-300 bg-white px-3 text-sm font-medium text-stone-800" : "h-10 w-10 rounded-full text-stone-500";
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        aria-pressed={isFavorite}
        aria-label={withText ? undefined : label}
        aria-describedby={describedBy}
        title={withText ? undefined : label}
        disabled={!favorites.data}
        onClick={() => save.mutate({ toolId, favorite: !isFavorite })}
        className={`inline-flex ${shape} items-center justify-center hover:bg-amber-50 hover:text-amber-700 aria-pressed:text-amber-700 disabled:opacity-50`}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className={withText ? "h-5 w-5" : "h-6 w-6"} fill={isFavorite ? "currentColor" : "none"} stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round">
          <path d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z" />
        </svg>
        {withText && label}
      </button>
      {failed && (
        <span role="alert" className="text-xs text-red-700">
          Det gick inte att spara. Försök igen.
        </span>
      )}
    </span>
  );
}
