/**
 * The Python editor's colours, chosen for WCAG AA: every token colour reaches 4.5:1 against
 * each background text can sit on (the editor, the active line, a selection, the gutter).
 * CodeMirror's defaultHighlightStyle does not (its regexp/escape #e40 and invalid #f00 are
 * about 3.6–4:1 on white), hence our own. Pure data, so a unit test checks the ratios.
 */
export const EDITOR_BACKGROUNDS = {
  editor: "#ffffff",
  activeLine: "#f0f9ff",
  selection: "#dbeafe",
  gutter: "#f5f5f4",
  activeGutter: "#e7e5e4",
} as const;

export const EDITOR_TEXT = "#1c1917";
export const GUTTER_TEXT = "#57534e";

/** Token colours by Lezer highlight tag group (see code-editor.tsx for the tags). */
export const TOKEN_COLOURS = {
  keyword: "#7e1d8f",
  string: "#a31515",
  number: "#116644",
  atom: "#1e40af",
  comment: "#4d6119",
  definition: "#1d4ed8",
  className: "#0f6b63",
  typeName: "#0f5e54",
  propertyName: "#075985",
  special: "#9a3412",
  meta: "#4b5563",
  invalid: "#b91c1c",
  escape: "#a0311c",
} as const;

/** Focus rings: the editable area and its scroll area (keyboard reachable on its own). */
export const FOCUS_RING = "#0369a1";

function channel(hex: string, index: number): number {
  const value = parseInt(hex.slice(1 + index * 2, 3 + index * 2), 16) / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  return 0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 1) + 0.0722 * channel(hex, 2);
}

/** WCAG 2 contrast ratio (1–21) of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
