import { describe, expect, it } from "vitest";
import { clearDrafts, draftKey, draftTimeLabel, keepDraft, loadDraft, type DraftStorage, type DraftTexts } from "@/lib/draft-store";

/** The Storage interface over a Map, as localStorage behaves (optionally full). */
function memoryStorage(full = false): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    key: (index) => [...map.keys()][index] ?? null,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      if (full) throw new DOMException("quota", "QuotaExceededError");
      map.set(key, value);
    },
    removeItem: (key) => void map.delete(key),
  };
}

const saved: DraftTexts = { sourceCode: "def run_tool(a, b):\n    return ''\n", entrypoint: "run_tool", inputSchema: "[]", settingsSchema: "[]", usageInstructions: "Gör så här." };
const edited: DraftTexts = { ...saved, sourceCode: saved.sourceCode + "# ändrad\n" };

describe("draft store", () => {
  it("keeps a changed working copy by tool and base version and gives it back", () => {
    const storage = memoryStorage();
    expect(keepDraft(storage, { toolId: "t1", baseVersionId: "v3", baseVersionNumber: 3, texts: edited, baseTexts: saved }, new Date("2026-12-01T10:42:00Z"))).toBe(true);
    expect([...storage.map.keys()]).toEqual([draftKey("t1", "v3")]);
    expect(loadDraft(storage, "t1")).toEqual({ toolId: "t1", baseVersionId: "v3", baseVersionNumber: 3, savedAt: "2026-12-01T10:42:00.000Z", texts: edited });
    expect(loadDraft(storage, "t2")).toBeNull();
  });

  it("keeps nothing when the text equals the saved version, and removes what was kept", () => {
    const storage = memoryStorage();
    keepDraft(storage, { toolId: "t1", baseVersionId: "v3", baseVersionNumber: 3, texts: edited, baseTexts: saved });
    expect(keepDraft(storage, { toolId: "t1", baseVersionId: "v3", baseVersionNumber: 3, texts: saved, baseTexts: saved })).toBe(false);
    expect(storage.map.size).toBe(0);
  });

  it("keeps one draft per tool: a new base replaces the old one; other tools are untouched", () => {
    const storage = memoryStorage();
    keepDraft(storage, { toolId: "t1", baseVersionId: "v3", baseVersionNumber: 3, texts: edited, baseTexts: saved });
    keepDraft(storage, { toolId: "t2", baseVersionId: "w1", baseVersionNumber: 1, texts: edited, baseTexts: saved });
    keepDraft(storage, { toolId: "t1", baseVersionId: "v4", baseVersionNumber: 4, texts: edited, baseTexts: saved });
    expect([...storage.map.keys()].sort()).toEqual([draftKey("t1", "v4"), draftKey("t2", "w1")].sort());
    clearDrafts(storage, "t1");
    expect([...storage.map.keys()]).toEqual([draftKey("t2", "w1")]);
  });

  it("drops junk and survives a full storage", () => {
    const storage = memoryStorage();
    storage.map.set(draftKey("t1", "v1"), "{not json");
    storage.map.set(draftKey("t1", "v2"), JSON.stringify({ toolId: "t1", baseVersionId: "v2", baseVersionNumber: 2, savedAt: "x", texts: edited }));
    storage.map.set(draftKey("t1", "v3"), JSON.stringify({ toolId: "t1", baseVersionId: "other", baseVersionNumber: 3, savedAt: new Date().toISOString(), texts: edited }));
    storage.map.set("unrelated", "keep me");
    expect(loadDraft(storage, "t1")).toBeNull();
    expect([...storage.map.keys()]).toEqual(["unrelated"]);
    expect(keepDraft(memoryStorage(true), { toolId: "t1", baseVersionId: "v3", baseVersionNumber: 3, texts: edited, baseTexts: saved })).toBe(false);
  });

  it("labels the time as the offer shows it", () => {
    const at = new Date(2026, 11, 1, 10, 42);
    expect(draftTimeLabel(at.toISOString(), new Date(2026, 11, 1, 18, 0))).toBe("10:42");
    expect(draftTimeLabel(at.toISOString(), new Date(2026, 11, 3, 9, 0))).toMatch(/^1 dec\.? 10:42$/);
  });
});
