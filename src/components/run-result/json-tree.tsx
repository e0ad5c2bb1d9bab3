/**
 * A `json` output as a collapsible tree of native <details>/<summary> (keyboard and screen
 * reader support for free, no client JavaScript). The top level is open; deeper containers
 * open only while they are small and shallow, so a 2000-item list does not flood the page.
 */
import type { JsonValue } from "@/lib/ui-contract";

const OPEN_MAX_ENTRIES = 10;
const OPEN_MAX_DEPTH = 2;

type Container = JsonValue[] | { [key: string]: JsonValue };

function isContainer(value: JsonValue): value is Container {
  return value !== null && typeof value === "object";
}

function entriesOf(value: Container): [string, JsonValue][] {
  return Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
}

/** "3 värden" for a list, "1 fält" for an object: what a closed node holds. */
export function containerSummary(value: Container): string {
  const count = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (Array.isArray(value)) return count === 0 ? "tom lista" : `lista, ${count} ${count === 1 ? "värde" : "värden"}`;
  return count === 0 ? "tomt objekt" : `${count} fält`;
}

/** Whether a container at this depth starts open (depth 0 is the top level). */
export function startsOpen(value: Container, depth: number): boolean {
  if (depth === 0) return true;
  return depth <= OPEN_MAX_DEPTH && entriesOf(value).length <= OPEN_MAX_ENTRIES;
}

function Primitive({ value }: { value: Exclude<JsonValue, Container> }) {
  if (value === null) return <span className="text-stone-500 italic">null</span>;
  if (typeof value === "string") return <span className="break-words whitespace-pre-wrap text-emerald-800">&quot;{value}&quot;</span>;
  if (typeof value === "number") return <span className="text-sky-800">{String(value)}</span>;
  return <span className="text-violet-800">{value ? "true" : "false"}</span>;
}

function Key({ name, isIndex }: { name: string; isIndex: boolean }) {
  return <span className={isIndex ? "text-stone-500" : "font-semibold text-stone-800"}>{isIndex ? `[${name}]` : name}</span>;
}

function Node({ name, isIndex, value, depth }: { name: string | null; isIndex: boolean; value: JsonValue; depth: number }) {
  if (!isContainer(value)) {
    return (
      <li className="py-0.5">
        {name !== null && (
          <>
            <Key name={name} isIndex={isIndex} />
            <span className="text-stone-500">: </span>
          </>
        )}
        <Primitive value={value} />
      </li>
    );
  }
  const entries = entriesOf(value);
  const childIsIndex = Array.isArray(value);
  return (
    <li className="py-0.5">
      <details open={startsOpen(value, depth)} className="group">
        <summary className="cursor-pointer rounded px-1 marker:text-stone-400 hover:bg-stone-100">
          {name !== null && (
            <>
              <Key name={name} isIndex={isIndex} />
              <span className="text-stone-500">: </span>
            </>
          )}
          <span className="text-stone-600">
            {childIsIndex ? "[ ]" : "{ }"} {containerSummary(value)}
          </span>
        </summary>
        {entries.length > 0 && (
          <ul className="ml-4 border-l border-stone-200 pl-3">
            {entries.map(([key, child]) => (
              <Node key={key} name={key} isIndex={childIsIndex} value={child} depth={depth + 1} />
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}

export function JsonTree({ title, value }: { title: string | null; value: JsonValue }) {
  return (
    <section className="rounded-md border border-stone-200 bg-white p-3" aria-label={title ?? "Data"}>
      {title && <h3 className="mb-2 text-base font-semibold text-stone-900">{title}</h3>}
      <ul className="overflow-x-auto font-mono text-sm">
        <Node name={null} isIndex={false} value={value} depth={0} />
      </ul>
    </section>
  );
}
