import { Badge } from "../ui/badge";

/** Where a tool's work stands, at a glance: the pending step (if any) and its place in the Katalog. */
const WORK_STATE: Record<string, { label: string; tone: string }> = {
  draft: { label: "Utkast", tone: "bg-stone-100 text-stone-800" },
  in_review: { label: "Väntar på granskning", tone: "bg-sky-100 text-sky-900" },
  changes_requested: { label: "Ändringar begärda", tone: "bg-amber-100 text-amber-900" },
};

export function WorkStateBadges({ workState, inCatalog, activeVersionNumber }: { workState: string | null; inCatalog: boolean; activeVersionNumber: number | null }) {
  const state = workState ? WORK_STATE[workState] : null;
  return (
    <>
      {state && <Badge tone={state.tone}>{state.label}</Badge>}
      {inCatalog && activeVersionNumber ? (
        <Badge tone="bg-emerald-100 text-emerald-900">{`Publicerad (version ${activeVersionNumber})`}</Badge>
      ) : activeVersionNumber ? (
        <Badge tone="bg-stone-100 text-stone-800">{`Godkänd version ${activeVersionNumber}, inte i katalogen`}</Badge>
      ) : (
        <Badge tone="bg-stone-100 text-stone-800">Inte publicerad</Badge>
      )}
    </>
  );
}
