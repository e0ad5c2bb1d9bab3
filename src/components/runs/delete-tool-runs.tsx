"use client";

import { useId, useState } from "react";
import { DeleteRunsButton } from "./delete-runs-button";

/** Mina körningar: pick a tool, then delete all of one's runs of it (with the usual question). */
export function DeleteToolRuns({ tools }: { tools: { toolId: string; title: string; runs: number }[] }) {
  const [toolId, setToolId] = useState(tools[0]?.toolId ?? "");
  const selectId = useId();
  const chosen = tools.find((tool) => tool.toolId === toolId);
  if (!chosen) return null;
  return (
    <section aria-labelledby={`${selectId}-heading`} className="mt-6 space-y-2 rounded-lg border border-stone-200 bg-white p-4 text-sm">
      <h2 id={`${selectId}-heading`} className="font-semibold">
        Ta bort alla körningar av ett verktyg
      </h2>
      <div className="flex flex-wrap items-end gap-3">
        <label htmlFor={selectId} className="flex flex-col gap-1">
          Verktyg
          <select id={selectId} value={toolId} onChange={(event) => setToolId(event.target.value)} className="rounded-md border border-stone-300 bg-white px-2 py-1.5">
            {tools.map((tool) => (
              <option key={tool.toolId} value={tool.toolId}>
                {tool.title} ({tool.runs === 1 ? "1 körning" : `${tool.runs} körningar`})
              </option>
            ))}
          </select>
        </label>
        <DeleteRunsButton
          key={chosen.toolId}
          target={{ toolId: chosen.toolId }}
          label="Ta bort alla"
          question={`Ta bort alla dina ${chosen.runs === 1 ? "1 körning" : `${chosen.runs} körningar`} av ${chosen.title} med filer och resultat?`}
        />
      </div>
    </section>
  );
}
