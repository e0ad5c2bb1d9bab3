import { describe, expect, it } from "vitest";
import type { JsonObject } from "@/lib/ui-contract";
import {
  cp1252,
  expectSucceeded,
  expectToolError,
  noticeText,
  outputsOf,
  tableTitled,
  textFile,
  type ToolResult,
  toolHarnessPerFile,
} from "./support";

const NAMES = ["Anna Andersson", "Åsa Öberg", "Bo Ek", "Örjan Lindström"];

const harness = toolHarnessPerFile();

function stateOf(result: ToolResult): { namn: string[]; dragna: number[] } {
  expect(result.state).not.toBeNull();
  expect(Buffer.byteLength(JSON.stringify(result.state))).toBeLessThan(64 * 1024);
  return result.state as unknown as { namn: string[]; dragna: number[] };
}

function drawnName(result: ToolResult): string {
  const big = outputsOf(result, "markdown")[0]!.markdown;
  const match = /^## Nästa elev\n\n# 🎯 (.+)$/.exec(big);
  expect(match, big).not.toBeNull();
  return match![1]!;
}

function actionIds(result: ToolResult): string[] {
  return result.nextActions.map((action) => action.action_id);
}

/** A follow-up run, exactly as the platform makes one: the action's form input and the saved state. */
function act(actionId: string, state: JsonObject | null, input: Record<string, unknown> = {}) {
  return harness.run("slumpa-elev", { action: { action_id: actionId, input, state: state ?? {} } });
}

describe("slumpa-elev", () => {
  it("draws every student once, can put one back, and starts over", async () => {
    const first = await harness.run("slumpa-elev", {
      inputFiles: [textFile("klass.csv", `Namn\n${NAMES.join("\n")}\n`)],
    });
    expectSucceeded(first);
    expect(stateOf(first)).toEqual({ v: 1, namn: NAMES, dragna: [] });
    expect(tableTitled(first, "Klasslistan").rows.map((row) => row.namn)).toEqual(NAMES);
    expect(first.nextActions).toEqual([
      expect.objectContaining({
        action_id: "dra",
        label: "Dra nästa elev",
        kind: "form",
        fields: [expect.objectContaining({ name: "lagg_tillbaka", kind: "boolean" })],
      }),
    ]);
    expect(noticeText(first)).toContain("4 elever i potten");

    const one = await act("dra", first.state, { lagg_tillbaka: false });
    expectSucceeded(one);
    const two = await act("dra", one.state, { lagg_tillbaka: false });
    expectSucceeded(two);
    const picked = [drawnName(one), drawnName(two)];
    expect(new Set(picked).size).toBe(2);
    for (const name of picked) expect(NAMES).toContain(name);
    expect(stateOf(two).dragna.map((index) => NAMES[index])).toEqual(picked);
    expect(noticeText(two)).toContain("Dragning 2 av 4 · 2 kvar i potten.");
    expect(outputsOf(two, "markdown")[1]!.markdown).toContain(`1. ${picked[0]}\n2. ${picked[1]}`);
    expect(actionIds(two)).toEqual(["dra", "borja_om"]);

    // The second student was absent: back into the pot, and someone else is drawn.
    const three = await act("dra", two.state, { lagg_tillbaka: true });
    expectSucceeded(three);
    expect(noticeText(three)).toContain(`${picked[1]} är tillbaka i potten`);
    expect(drawnName(three)).not.toBe(picked[0]);
    expect(stateOf(three).dragna).toHaveLength(2);

    let current = three;
    const seen = stateOf(three).dragna.map((index) => NAMES[index]);
    while (stateOf(current).dragna.length < NAMES.length) {
      current = await act("dra", current.state);
      expectSucceeded(current);
      expect(seen).not.toContain(drawnName(current));
      seen.push(drawnName(current));
    }
    expect([...seen].sort()).toEqual([...NAMES].sort());
    expect(actionIds(current)).toEqual(["borja_om"]);
    expect(noticeText(current)).toContain("Nu har alla dragits");

    const again = await act("borja_om", current.state);
    expectSucceeded(again);
    expect(stateOf(again).dragna).toEqual([]);
    expect(actionIds(again)).toEqual(["dra"]);
    expect(noticeText(again)).toContain("Alla 4 elever är tillbaka i potten.");
  });

  it("finds the names below a title row, and turns \"Efternamn, Förnamn\" around", async () => {
    const titled = await harness.run("slumpa-elev", {
      inputFiles: [textFile("elevlista.csv", "Elevlista 7B\r\nElev;Klass\r\nAnna Berg;7B\r\nBo Ek;7B\r\n")],
    });
    expectSucceeded(titled);
    expect(stateOf(titled).namn).toEqual(["Anna Berg", "Bo Ek"]);

    const flipped = await harness.run("slumpa-elev", {
      inputFiles: [textFile("namn.txt", cp1252("Andersson, Anna\nÖberg, Åsa\nAndersson, Anna\n"))],
    });
    expectSucceeded(flipped);
    expect(stateOf(flipped).namn).toEqual(["Anna Andersson", "Åsa Öberg"]);
    expect(noticeText(flipped, "warning")).toContain("Anna Andersson");
  });

  it("asks for the class list again when the saved state is gone, and when there is no list", async () => {
    expectToolError(await act("dra", {}), "Klasslistan för dragningen finns inte längre", "tryck KÖR igen");
    expectToolError(await harness.run("slumpa-elev", {}), "Ingen klasslista", "ett per rad");
  });
});
