import { describe, expect, it } from "vitest";
import { compareCells, formatCell, isNumericColumn, nextSort, numericValue, rowCountLabel, sortRows } from "@/components/run-result/table-sort";

const column = (rows: Record<string, string | number | boolean | null>[], direction: "ascending" | "descending") =>
  sortRows(rows, "v", direction).map((row) => row.v);

describe("table sorting", () => {
  it("sorts names in Swedish order (å ä ö after z)", () => {
    const rows = ["Östen", "Åsa", "Zara", "Ärla", "Anna", "bo", "Bertil"].map((v) => ({ v }));
    expect(column(rows, "ascending")).toEqual(["Anna", "Bertil", "bo", "Zara", "Åsa", "Ärla", "Östen"]);
    expect(column(rows, "descending")).toEqual(["Östen", "Ärla", "Åsa", "Zara", "bo", "Bertil", "Anna"]);
  });

  it("sorts numbers numerically, also when written as text with a decimal comma", () => {
    expect(column([{ v: 10 }, { v: 9 }, { v: -2 }, { v: 100 }], "ascending")).toEqual([-2, 9, 10, 100]);
    expect(column([{ v: "10" }, { v: "9" }, { v: "3,5" }, { v: "3,25" }, { v: "1 250" }], "ascending")).toEqual(["3,25", "3,5", "9", "10", "1 250"]);
  });

  it("is numeric-aware inside text (Uppgift 2 before Uppgift 10)", () => {
    expect(column([{ v: "Uppgift 10" }, { v: "Uppgift 2" }, { v: "Uppgift 1" }], "ascending")).toEqual(["Uppgift 1", "Uppgift 2", "Uppgift 10"]);
  });

  it("puts blanks last in both directions", () => {
    const rows = [{ v: null }, { v: 2 }, { v: "" }, { v: 1 }, {} as { v: number }];
    expect(column(rows, "ascending")).toEqual([1, 2, null, "", undefined]);
    expect(column(rows, "descending")).toEqual([2, 1, null, "", undefined]);
  });

  it("is stable and leaves the input untouched", () => {
    const rows = [
      { v: 1, id: "a" },
      { v: 0, id: "b" },
      { v: 1, id: "c" },
    ];
    const sorted = sortRows(rows, "v", "ascending");
    expect(sorted.map((row) => row.id)).toEqual(["b", "a", "c"]);
    expect(sortRows(rows, "v", "descending").map((row) => row.id)).toEqual(["a", "c", "b"]);
    expect(rows.map((row) => row.id)).toEqual(["a", "b", "c"]);
  });

  it("orders mixed columns: numbers, then text, then yes/no", () => {
    expect(column([{ v: true }, { v: "text" }, { v: 5 }, { v: false }], "ascending")).toEqual([5, "text", false, true]);
    expect(compareCells(false, true)).toBeLessThan(0);
  });

  it("toggles ascending/descending on the same column and restarts ascending on another", () => {
    expect(nextSort(null, "a")).toEqual({ key: "a", direction: "ascending" });
    expect(nextSort({ key: "a", direction: "ascending" }, "a")).toEqual({ key: "a", direction: "descending" });
    expect(nextSort({ key: "a", direction: "descending" }, "a")).toEqual({ key: "a", direction: "ascending" });
    expect(nextSort({ key: "a", direction: "descending" }, "b")).toEqual({ key: "b", direction: "ascending" });
  });
});

describe("table cells", () => {
  it("reads numbers out of text only when the whole cell is one", () => {
    expect(numericValue("3,5")).toBe(3.5);
    expect(numericValue(" -2 ")).toBe(-2);
    expect(numericValue("\u22122")).toBe(-2);
    expect(numericValue("1 250,5")).toBe(1250.5);
    expect(numericValue("12 st")).toBeNull();
    expect(numericValue("1.2.3")).toBeNull();
    expect(numericValue("")).toBeNull();
    expect(numericValue(true)).toBeNull();
  });

  it("formats cells for display: empty null, Ja/Nej, decimal comma, years without grouping", () => {
    expect(formatCell(null)).toBe("");
    expect(formatCell(undefined)).toBe("");
    expect(formatCell(true)).toBe("Ja");
    expect(formatCell(false)).toBe("Nej");
    expect(formatCell(3.5)).toBe("3,5");
    expect(formatCell(2024)).toBe("2024");
    expect(formatCell(-1.25)).toBe("-1,25");
    expect(formatCell("text")).toBe("text");
  });

  it("right-aligns columns of numbers only", () => {
    expect(isNumericColumn([{ a: 1 }, { a: null }, { a: 2.5 }], "a")).toBe(true);
    expect(isNumericColumn([{ a: 1 }, { a: "x" }], "a")).toBe(false);
    expect(isNumericColumn([{ a: null }], "a")).toBe(false);
  });

  it("counts rows in Swedish", () => {
    expect(rowCountLabel(0)).toBe("0 rader");
    expect(rowCountLabel(1)).toBe("1 rad");
    expect(rowCountLabel(750)).toBe("750 rader");
    expect(rowCountLabel(1500)).toBe("1\u00a0500 rader");
  });
});
