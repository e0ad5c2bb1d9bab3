/**
 * The Testyta's local working copy: what the editor holds is kept in the browser's storage as
 * the contributor types, so a reload, a crash or a closed tab loses nothing. Keyed by tool and
 * by the saved version the text is based on (so the offer can show exactly that version beside
 * it, and a restore keeps the save-conflict check honest). At most one draft per tool is kept:
 * writing one removes the tool's others.
 *
 * Pure over a `Storage`-like object (localStorage in the browser, a Map in tests). Storage that
 * is full, disabled or holds junk never breaks the editor: writes are best effort and bad
 * entries are dropped.
 */
export type DraftTexts = { sourceCode: string; entrypoint: string; inputSchema: string; settingsSchema: string; usageInstructions: string };

export type Draft = {
  toolId: string;
  baseVersionId: string;
  baseVersionNumber: number;
  /** ISO time of the last change kept. */
  savedAt: string;
  texts: DraftTexts;
};

export type DraftStorage = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

const PREFIX = "skriptoteket:draft:v1:";
const TEXT_KEYS = ["sourceCode", "entrypoint", "inputSchema", "settingsSchema", "usageInstructions"] as const satisfies readonly (keyof DraftTexts)[];

export const draftKey = (toolId: string, baseVersionId: string) => `${PREFIX}${toolId}:${baseVersionId}`;

export const sameDraftTexts = (a: DraftTexts, b: DraftTexts) => TEXT_KEYS.every((key) => a[key] === b[key]);

function keysOfTool(storage: DraftStorage, toolId: string): string[] {
  const prefix = `${PREFIX}${toolId}:`;
  const keys: string[] = [];
  for (let index = 0; index < storage.length; index++) {
    const key = storage.key(index);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

function parse(raw: string | null, toolId: string): Draft | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Draft> | null;
    if (!value || value.toolId !== toolId || typeof value.baseVersionId !== "string" || typeof value.baseVersionNumber !== "number") return null;
    if (typeof value.savedAt !== "string" || Number.isNaN(Date.parse(value.savedAt))) return null;
    const texts = value.texts as Partial<DraftTexts> | undefined;
    if (!texts || !TEXT_KEYS.every((key) => typeof texts[key] === "string")) return null;
    return { toolId, baseVersionId: value.baseVersionId, baseVersionNumber: value.baseVersionNumber, savedAt: value.savedAt, texts: texts as DraftTexts };
  } catch {
    return null;
  }
}

/** The tool's newest readable draft; unreadable entries are removed. */
export function loadDraft(storage: DraftStorage, toolId: string): Draft | null {
  let newest: Draft | null = null;
  for (const key of keysOfTool(storage, toolId)) {
    const draft = parse(storage.getItem(key), toolId);
    if (!draft || key !== draftKey(toolId, draft.baseVersionId)) {
      storage.removeItem(key);
      continue;
    }
    if (!newest || Date.parse(draft.savedAt) > Date.parse(newest.savedAt)) newest = draft;
  }
  return newest;
}

/**
 * Keeps `texts` as the tool's draft — or removes the tool's drafts when `texts` equal the saved
 * version they are based on (nothing to lose, nothing to offer). Returns whether it was kept.
 */
export function keepDraft(
  storage: DraftStorage,
  draft: { toolId: string; baseVersionId: string; baseVersionNumber: number; texts: DraftTexts; baseTexts: DraftTexts },
  now: Date = new Date(),
): boolean {
  const key = draftKey(draft.toolId, draft.baseVersionId);
  for (const other of keysOfTool(storage, draft.toolId)) if (other !== key) storage.removeItem(other);
  if (sameDraftTexts(draft.texts, draft.baseTexts)) {
    storage.removeItem(key);
    return false;
  }
  const value: Draft = { toolId: draft.toolId, baseVersionId: draft.baseVersionId, baseVersionNumber: draft.baseVersionNumber, savedAt: now.toISOString(), texts: draft.texts };
  try {
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    // Quota exceeded or storage disabled: the editor still works, only without the safety net.
    return false;
  }
}

/** After a save or Släng: the tool has no draft any more. */
export function clearDrafts(storage: DraftStorage, toolId: string): void {
  for (const key of keysOfTool(storage, toolId)) storage.removeItem(key);
}

/** "10:42", or "3 dec. 10:42" when not today (Swedish, the browser's time zone). */
export function draftTimeLabel(savedAt: string, now: Date = new Date()): string {
  const at = new Date(savedAt);
  const time = at.toLocaleTimeString("sv-SE", { hour: "2-digit", minute: "2-digit" });
  return at.toDateString() === now.toDateString() ? time : `${at.toLocaleDateString("sv-SE", { day: "numeric", month: "short" })} ${time}`;
}
