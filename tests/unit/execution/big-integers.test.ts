import { describe, expect, it } from "vitest";
import { validateFormValues } from "@/lib/form-values";
import type { ValueField } from "@/lib/tool-schemas";
import { BIG_INTEGER_TAG, parseResultJsonExact, replaceUnsafeIntegers } from "@/server/execution/big-integers";
import { normalizeRunResult } from "@/server/execution/result-normalizer";
import { rawResult } from "../../support/execution/raw-result";

/** result.json as Python's json.dumps writes it: integers digit for digit. */
function resultJson(body: string): string {
  return `{"contract_version": 2, "status": "succeeded", "error_summary": null, ${body}}`;
}

describe("replaceUnsafeIntegers", () => {
  const mark = (text: string) => replaceUnsafeIntegers(text, (digits) => `<${digits}>`);

  it("replaces integer tokens beyond ±(2^53 − 1), nothing else", () => {
    expect(mark("[9007199254740991, 9007199254740992, -9007199254740991, -9007199254740992]")).toBe(
      "[9007199254740991, <9007199254740992>, -9007199254740991, <-9007199254740992>]",
    );
    expect(mark('{"a": 12345678901234567890, "b": 18446744073709551617}')).toBe('{"a": <12345678901234567890>, "b": <18446744073709551617>}');
    // Floats are doubles on both sides: untouched.
    expect(mark("[1.2345678901234567e+19, 12345678901234567890.5, 1234567890123456789e2, 1e400]")).toBe(
      "[1.2345678901234567e+19, 12345678901234567890.5, 1234567890123456789e2, 1e400]",
    );
  });

  it("leaves digits inside strings (escaped quotes included) and keys alone", () => {
    const text = '{"12345678901234567890": "id 12345678901234567890 \\" 12345678901234567890", "x": 1}';
    expect(mark(text)).toBe(text);
  });

  it("never turns invalid JSON valid", () => {
    for (const bad of ["[012345678901234567890]", "[-]", "[1 12345678901234567890]", "[12345678901234567890"]) {
      expect(() => JSON.parse(bad)).toThrow();
      expect(() => parseResultJsonExact(bad)).toThrow();
    }
  });
});

describe("parseResultJsonExact", () => {
  it("is plain JSON.parse when no integer is unsafe", () => {
    const text = '{"outputs": [{"n": 9007199254740991}], "state": {"n": 1}}';
    expect(parseResultJsonExact(text)).toEqual({ value: JSON.parse(text), asText: 0, tagged: 0 });
  });

  it("keeps every digit: text outside state, tagged inside state (at any depth)", () => {
    const parsed = parseResultJsonExact(
      '{"outputs": [{"rows": [{"id": 12345678901234567890}]}, {"v": [-18446744073709551617]}],' +
        ' "state": {"seed": 18446744073709551617, "list": [1, 12345678901234567890, {"deep": -12345678901234567890}]}}',
    );
    expect(parsed).toEqual({
      value: {
        outputs: [{ rows: [{ id: "12345678901234567890" }] }, { v: ["-18446744073709551617"] }],
        state: {
          seed: { [BIG_INTEGER_TAG]: "18446744073709551617" },
          list: [1, { [BIG_INTEGER_TAG]: "12345678901234567890" }, { deep: { [BIG_INTEGER_TAG]: "-12345678901234567890" } }],
        },
      },
      asText: 2,
      tagged: 3,
    });
  });

  it("a tool's own string that looks like a replaced integer stays a string", () => {
    const parsed = parseResultJsonExact('{"outputs": ["~bigint-000000000000000000000000:5"], "state": {"x": 12345678901234567890}}');
    expect(parsed.value).toEqual({
      outputs: ["~bigint-000000000000000000000000:5"],
      state: { x: { [BIG_INTEGER_TAG]: "12345678901234567890" } },
    });
  });
});

describe("normalizeRunResult: integers beyond 2^53", () => {
  it("a table cell and a json value come back exact as text, with one Swedish notice; state stays exact (tagged)", () => {
    const result = normalizeRunResult(
      rawResult({
        resultJsonText: resultJson(
          '"outputs": [{"kind": "table", "columns": [{"key": "id", "label": "Id"}], "rows": [{"id": 12345678901234567890}, {"id": 7}]},' +
            ' {"kind": "json", "value": {"n": 18446744073709551617}}],' +
            ' "next_actions": [], "state": {"n": 18446744073709551617, "small": 42}',
        ),
      }),
    );
    expect(result.status).toBe("succeeded");
    expect(result.outputs.slice(0, 2)).toEqual([
      { kind: "table", title: null, columns: [{ key: "id", label: "Id" }], rows: [{ id: "12345678901234567890" }, { id: 7 }] },
      { kind: "json", title: null, value: { n: "18446744073709551617" } },
    ]);
    expect(result.notices).toEqual([
      "Systemmeddelande: heltal större än 9 007 199 254 740 991 (eller mindre än −9 007 199 254 740 991) visas som text, så att alla siffror blir rätt.",
    ]);
    expect(result.state).toEqual({ n: { [BIG_INTEGER_TAG]: "18446744073709551617" }, small: 42 });
  });

  it("a big integer only in state needs no notice", () => {
    const result = normalizeRunResult(rawResult({ resultJsonText: resultJson('"outputs": [], "state": {"n": 12345678901234567890}') }));
    expect(result.notices).toEqual([]);
    expect(result.state).toEqual({ n: { [BIG_INTEGER_TAG]: "12345678901234567890" } });
  });
});

describe("validateFormValues: an integer field", () => {
  const fields: ValueField[] = [{ kind: "integer", name: "n", label: "Antal", required: false }];

  it("refuses an integer it cannot keep exact, with a Swedish message", () => {
    for (const raw of ["12345678901234567890", 12345678901234567890, "-9007199254740992"]) {
      expect(validateFormValues(fields, { n: raw })).toEqual({
        ok: false,
        errors: { n: "Antal: talet är för stort. Största möjliga heltal är 9 007 199 254 740 991." },
      });
    }
    expect(validateFormValues(fields, { n: "9007199254740991" })).toEqual({ ok: true, values: { n: 9007199254740991 } });
  });
});
