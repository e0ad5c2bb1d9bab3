import { describe, expect, it } from "vitest";
import { contrastRatio, EDITOR_BACKGROUNDS, EDITOR_TEXT, FOCUS_RING, GUTTER_TEXT, TOKEN_COLOURS } from "@/components/testyta/editor-colours";

describe("the editor's colours", () => {
  it("computes WCAG contrast ratios", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  const textBackgrounds = [EDITOR_BACKGROUNDS.editor, EDITOR_BACKGROUNDS.activeLine, EDITOR_BACKGROUNDS.selection];
  it.each(Object.entries({ text: EDITOR_TEXT, ...TOKEN_COLOURS }))("%s reaches 4.5:1 on every background text sits on", (_name, colour) => {
    for (const background of textBackgrounds) expect(contrastRatio(colour, background), background).toBeGreaterThanOrEqual(4.5);
  });

  it("line numbers reach 4.5:1 in the gutter, the focus ring 3:1 next to white", () => {
    for (const background of [EDITOR_BACKGROUNDS.gutter, EDITOR_BACKGROUNDS.activeGutter]) expect(contrastRatio(GUTTER_TEXT, background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(FOCUS_RING, EDITOR_BACKGROUNDS.editor)).toBeGreaterThanOrEqual(3);
  });
});
