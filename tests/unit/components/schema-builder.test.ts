import { describe, expect, it } from "vitest";
import {
  builderToSchema,
  changeKind,
  moveField,
  newField,
  schemaToBuilder,
  validateBuilder,
} from "@/components/testyta/schema-builder/builder-state";
import { inputSchemaSchema, settingsSchemaSchema } from "@/lib/tool-schemas";
import { STARTER_INPUT_SCHEMA, stableJson, validateVersionContent } from "@/lib/version-schemas";

const EVERY_INPUT_KIND = [
  { kind: "string", name: "titel", label: "Titel", help: "Kort", required: true, default: "Hej", maxLength: 80 },
  { kind: "text", name: "brodtext", label: "Brödtext", required: false, maxLength: 5000 },
  { kind: "integer", name: "antal", label: "Antal", required: false, default: 3, min: 1, max: 10 },
  { kind: "number", name: "vikt", label: "Vikt", required: false, default: 2.5, min: 0, max: 99.5 },
  { kind: "boolean", name: "blanda", label: "Blanda", required: false, default: true },
  { kind: "enum", name: "niva", label: "Nivå", required: true, options: [{ value: "e", label: "E" }, { value: "a", label: "A" }], default: "a" },
  { kind: "file", name: "filer", label: "Filer", required: true, accept: [".csv", ".xlsx"], min: 1, max: 3 },
];
const SETTINGS = [{ kind: "multi_enum", name: "amnen", label: "Ämnen", required: false, options: [{ value: "ma", label: "Matte" }, { value: "sv", label: "Svenska" }], default: ["sv"] }];

describe("schema ⇄ builder", () => {
  it("reads every kind of input_schema and writes back the same schema", () => {
    const fields = schemaToBuilder(EVERY_INPUT_KIND)!;
    expect(fields.map((field) => field.kind)).toEqual(["string", "text", "integer", "number", "boolean", "enum", "file"]);
    expect(fields[3]!.defaultText).toBe("2,5");
    expect(fields[6]!.accept).toBe(".csv, .xlsx");
    expect(stableJson(builderToSchema(fields))).toBe(stableJson(EVERY_INPUT_KIND));
    expect(inputSchemaSchema.safeParse(builderToSchema(fields)).success).toBe(true);
  });

  it("round-trips settings with multi_enum and the starter's file field", () => {
    expect(stableJson(builderToSchema(schemaToBuilder(SETTINGS)!))).toBe(stableJson(SETTINGS));
    expect(settingsSchemaSchema.safeParse(builderToSchema(schemaToBuilder(SETTINGS)!)).success).toBe(true);
    expect(stableJson(builderToSchema(schemaToBuilder(STARTER_INPUT_SCHEMA)!))).toBe(stableJson(STARTER_INPUT_SCHEMA));
  });

  it("reads numbers typed the Swedish way and keeps what isn't a number, so validation names it", () => {
    const field = { ...newField("number", []), min: "1,5", max: "tio", defaultText: "" };
    const [out] = builderToSchema([field]);
    expect(out).toMatchObject({ min: 1.5, max: "tio" });
    expect(out).not.toHaveProperty("default");
    const errors = validateBuilder("input", [field]);
    expect(errors.byField[0]?.max).toBeTruthy();
  });

  it("normalizes accepted endings and keeps unknown keys for the validator to refuse", () => {
    const fields = schemaToBuilder([{ kind: "file", name: "f", label: "F", accept: [], min: 0, max: 1, colour: "red" }])!;
    fields[0]!.accept = "CSV, .Xlsx;txt";
    const [out] = builderToSchema(fields);
    expect(out).toMatchObject({ accept: [".csv", ".xlsx", ".txt"], colour: "red", required: false });
    expect(validateBuilder("input", fields).byField[0]?._).toBeTruthy();
  });

  it("gives up (null) on what the builder can't show, instead of dropping it", () => {
    expect(schemaToBuilder({ kind: "string" })).toBeNull();
    expect(schemaToBuilder([{ kind: "slider", name: "x", label: "X" }])).toBeNull();
    expect(schemaToBuilder([{ kind: "enum", name: "x", label: "X", options: ["a"] }])).toBeNull();
    expect(schemaToBuilder([])).toEqual([]);
  });

  it("reuses row keys by position so a JSON edit doesn't remount rows", () => {
    const fields = schemaToBuilder(EVERY_INPUT_KIND.slice(0, 2), ["k1", "k2"])!;
    expect(fields.map((field) => field.key)).toEqual(["k1", "k2"]);
  });

  it("moves, changes kind and names new fields without clashing", () => {
    expect(moveField(["a", "b", "c"], 2, 0)).toEqual(["c", "a", "b"]);
    expect(moveField(["a", "b"], 0, -1)).toEqual(["a", "b"]);
    const enumField = schemaToBuilder([EVERY_INPUT_KIND[5]])![0]!;
    const asMulti = changeKind(enumField, "multi_enum");
    expect(asMulti).toMatchObject({ kind: "multi_enum", name: "niva", options: enumField.options, key: enumField.key });
    expect(newField("enum", ["val", "val_2"]).name).toBe("val_3");
  });
});

describe("validation (the server's schemas)", () => {
  it("places errors on the row and option they concern, in Swedish", () => {
    const fields = [
      { ...newField("string", []), name: "1fel", label: "" },
      { ...newField("enum", []), name: "val", options: [] },
      newField("file", []),
      newField("file", ["filer"]),
    ];
    const errors = validateBuilder("input", fields);
    expect(errors.byField[0]?.name).toMatch(/Fältnamnet/);
    expect(errors.byField[0]?.label).toMatch(/etikett/);
    expect(errors.byField[1]?.options).toMatch(/minst ett alternativ/);
    expect(errors.list.join(" ")).toMatch(/Högst ett filfält/);
  });

  it("refuses a file field whose max is above the upload limit, and accepts it at the limit", () => {
    const file = { ...newField("file", []), max: "21" };
    expect(validateBuilder("input", [file], { maxFiles: 20 }).byField[0]?.max).toBe("Högst 20 filer per körning: det är uppladdningsgränsen.");
    expect(validateBuilder("input", [{ ...file, max: "20" }], { maxFiles: 20 }).byField).toEqual({});
    const content = { sourceCode: "", entrypoint: "run_tool", inputSchema: builderToSchema([file]), settingsSchema: [], usageInstructions: "" };
    const checked = validateVersionContent(content, { maxFiles: 20 });
    expect(checked.ok ? null : checked.errors.inputSchema).toMatch(/^input_schema\[0\]\.max: Högst 20 filer/);
  });

  it("names a kind the schema doesn't allow on its row (multi_enum in a form)", () => {
    const fields = schemaToBuilder(SETTINGS)!;
    expect(validateBuilder("input", fields).byField[0]?._).toMatch(/kind/);
    expect(validateBuilder("settings", fields)).toEqual({ list: [], byField: {} });
  });

  it("refuses a file field in settings", () => {
    const errors = validateBuilder("settings", [newField("file", [])]);
    expect(errors.byField[0]?._).toBeTruthy();
  });
});
