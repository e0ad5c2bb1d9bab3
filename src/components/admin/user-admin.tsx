"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/domain";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { ConfirmButton } from "../ui/confirm-button";
import { DataTable } from "../ui/data-table";
import { EmptyState } from "../ui/page-header";
import { problemOf } from "../ui/trpc-errors";
import { CreateUserForm } from "./create-user-form";
import { EraseUserButton } from "./erase-user-button";
import { SetPasswordButton } from "./set-password-button";

const USER_COLUMNS = ["Namn", "E-post", "Roll", "Status", "Senast inloggad", <span key="actions" className="sr-only">Åtgärder</span>];

export function UserAdmin({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(1);
  const deferredQuery = useDeferredValue(query);
  const [feedback, setFeedback] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [showCreate, setShowCreate] = useState(false);

  const list = useQuery(trpc.admin.listUsers.queryOptions({ query: deferredQuery || undefined, page }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.listUsers.queryKey() });
  const onError = (error: unknown) => setFeedback({ tone: "error", text: problemOf(error).message });

  const setRole = useMutation(
    trpc.admin.setUserRole.mutationOptions({
      onSuccess: (_, vars) => {
        setFeedback({ tone: "success", text: `Rollen är ändrad till ${ROLE_LABELS[vars.role].toLowerCase()}.` });
        void refresh();
      },
      onError,
    }),
  );
  const setActive = useMutation(
    trpc.admin.setUserActive.mutationOptions({
      onSuccess: (_, vars) => {
        setFeedback({ tone: "success", text: vars.active ? "Kontot är aktiverat igen." : "Kontot är inaktiverat och utloggat." });
        void refresh();
      },
      onError,
    }),
  );
  const unlock = useMutation(
    trpc.admin.unlockUser.mutationOptions({
      onSuccess: () => {
        setFeedback({ tone: "success", text: "Kontot är upplåst." });
        void refresh();
      },
      onError,
    }),
  );

  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="w-full max-w-sm">
          <label htmlFor="user-search" className="block text-sm font-medium text-stone-800">
            Sök användare
          </label>
          <input
            id="user-search"
            type="search"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setPage(1);
            }}
            placeholder="Namn eller e-postadress"
            className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
          />
        </div>
        <Button onClick={() => setShowCreate((open) => !open)} aria-expanded={showCreate}>
          {showCreate ? "Stäng" : "Skapa konto"}
        </Button>
      </div>

      {showCreate && (
        <CreateUserForm
          onCreated={(email) => {
            setShowCreate(false);
            setFeedback({ tone: "success", text: `Kontot för ${email} är skapat.` });
            void refresh();
          }}
        />
      )}

      <div aria-live="polite">{feedback && <Alert tone={feedback.tone}>{feedback.text}</Alert>}</div>

      {list.isError && <Alert tone="error">{problemOf(list.error).message}</Alert>}
      {list.isPending && <p className="text-sm text-stone-600">Hämtar användare…</p>}
      {data && data.users.length === 0 && (
        <EmptyState title={deferredQuery ? `Ingen användare matchar ”${deferredQuery}”` : "Inga användare ännu"} />
      )}
      {data && data.users.length > 0 && (
        <DataTable caption="Användare" columns={USER_COLUMNS}>
          {data.users.map((user) => {
            const locked = user.lockedUntil && new Date(user.lockedUntil) > new Date();
            return (
              <tr key={user.id} className="border-t border-stone-100" data-testid={`user-row-${user.email}`}>
                <td className="px-4 py-2 font-medium">
                  {user.displayName}
                  {user.id === currentUserId && <span className="ml-2 text-xs text-stone-500">(du)</span>}
                </td>
                <td className="px-4 py-2">{user.email}</td>
                <td className="px-4 py-2">
                  <label className="sr-only" htmlFor={`role-${user.id}`}>
                    Roll för {user.displayName}
                  </label>
                  <RoleControl
                    user={user}
                    saving={setRole.isPending}
                    onSave={(role) => setRole.mutate({ userId: user.id, role })}
                  />
                </td>
                <td className="px-4 py-2">
                  {!user.isActive ? (
                    <span className="text-stone-500">Inaktiverat</span>
                  ) : locked ? (
                    <span className="text-amber-800">Låst till {formatDateTime(user.lockedUntil)}</span>
                  ) : (
                    <span className="text-emerald-800">Aktivt</span>
                  )}
                </td>
                <td className="px-4 py-2 text-stone-600">{formatDateTime(user.lastLoginAt)}</td>
                <td className="px-4 py-2 text-right">
                  <div className="flex justify-end gap-2">
                    <SetPasswordButton user={user} onDone={(text) => setFeedback({ tone: "success", text })} />
                    {locked && user.isActive && (
                      <Button size="sm" variant="secondary" onClick={() => unlock.mutate({ userId: user.id })}>
                        Lås upp
                      </Button>
                    )}
{user.isActive ? (
                      <ConfirmButton
                        label="Inaktivera"
                        ariaLabel={`Inaktivera ${user.displayName}`}
                        question={`Inaktivera kontot för ${user.displayName}? Hen loggas ut och kan inte logga in förrän kontot aktiveras igen.`}
                        confirmLabel={`Ja, inaktivera ${user.displayName}`}
                        pending={setActive.isPending}
                        onConfirm={() => setActive.mutate({ userId: user.id, active: false })}
                      />
                    ) : (
                      <Button
                        size="sm"
                        variant="secondary"
                        disabled={setActive.isPending}
                        onClick={() => setActive.mutate({ userId: user.id, active: true })}
                        aria-label={`Aktivera ${user.displayName}`}
                      >
                        Aktivera
                      </Button>
                    )}
                    {user.id !== currentUserId && (
                      <EraseUserButton
                        user={user}
                        onDone={(text) => {
                          setFeedback({ tone: "success", text });
                          void refresh();
                        }}
                        onError={onError}
                      />
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      {data && pages > 1 && (
        <nav aria-label="Sidor" className="flex items-center gap-4 text-sm">
          <Button size="sm" variant="secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            Föregående
          </Button>
          <span>
            Sida {page} av {pages} ({data.total} användare)
          </span>
          <Button size="sm" variant="secondary" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
            Nästa
          </Button>
        </nav>
      )}
    </div>
  );
}

/**
 * The role as a choice that only takes effect on "Spara": a focused select changes its value on
 * a single arrow key, which must not demote an admin by accident.
 */
function RoleControl({ user, saving, onSave }: { user: { id: string; displayName: string; role: Role }; saving: boolean; onSave: (role: Role) => void }) {
  const [chosen, setChosen] = useState<Role>(user.role);
  const changed = chosen !== user.role;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={`role-${user.id}`}>
        Roll för {user.displayName}
      </label>
      <select
        id={`role-${user.id}`}
        value={chosen}
        disabled={saving}
        onChange={(event) => setChosen(event.target.value as Role)}
        className="rounded-md border border-stone-300 bg-white px-2 py-1"
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      {changed && (
        <>
          <Button size="sm" disabled={saving} onClick={() => onSave(chosen)} aria-label={`Spara rollen ${ROLE_LABELS[chosen].toLowerCase()} för ${user.displayName}`}>
            Spara
          </Button>
          <Button size="sm" variant="ghost" disabled={saving} onClick={() => setChosen(user.role)} aria-label={`Ångra rollbytet för ${user.displayName}`}>
            Ångra
          </Button>
        </>
      )}
    </div>
  );
}
