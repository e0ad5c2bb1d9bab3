import { describe, expect, it } from "vitest";
import { fieldId, focusTargetId, initialValues, SchemaFields, type SchemaField, type SchemaFieldValues } from "@/components/forms/schema-fields";
import { validateFormValues } from "@/lib/form-values";
import { labelFor, render, tags, textOfId } from "./markup";

const FIELDS: SchemaField[] = [
  { kind: "string", name: "rubrik", label: "Rubrik", help: "Syns överst i dokumentet.", required: true, maxLength: 80 },
  { kind: "text", name: "kommentar", label: "Kommentar", required: false },
  { kind: "integer", name: "antal", label: "Antal grupper", required: false, min: 2, max: 10, default: 4 },
  { kind: "number", name: "grans", label: "Gräns", required: false },
  { kind: "boolean", name: "blanda", label: "Blanda eleverna", required: false, default: true },
  { kind: "enum", name: "format", label: "Format", required: false, options: [{ value: "pdf", label: "PDF" }, { value: "docx", label: "Word" }] },
  {
    kind: "enum",
    name: "amne",
    label: "Ämne",
    required: true,
    options: ["Svenska", "Engelska", "Matematik", "Biologi", "Kemi"].map((label) => ({ value: label.toLowerCase(), label })),
  },
  { kind: "multi_enum", name: "dagar", label: "Dagar", required: false, options: [{ value: "mon", label: "Måndag" }, { value: "tue", label: "Tisdag" }, { value: "wed", label: "Onsdag" }] },
];

const ERRORS = Object.fromEntries(FIELDS.map((field) => [field.name, `${field.label}: fel här.`]));

function renderFields(values: SchemaFieldValues, errors: Record<string, string> = {}) {
  return render(SchemaFields, { fields: FIELDS, values, errors, onChange: () => {}, idPrefix: "f" });
}

/** The controls (input/textarea/select/fieldset) carrying this id. */
function controlById(html: string, id: string) {
  for (const tagName of ["input", "textarea", "select", "fieldset"]) {
    const found = tags(html, tagName).find((attributes) => attributes.id === id);
    if (found) return { tagName, attributes: found };
  }
  return null;
}

describe("SchemaFields", () => {
  const values = initialValues(FIELDS);
  const plain = renderFields(values);
  const withErrors = renderFields(values, ERRORS);

  it.each(FIELDS.map((field, index) => [field.kind, field, index] as const))("%s (%#): a labelled control", (_kind, field, index) => {
    const id = fieldId("f", field, index);
    const control = controlById(plain, id);
    expect(control, id).not.toBeNull();
    if (control!.tagName === "fieldset") {
      expect(plain).toMatch(new RegExp(`<fieldset[^>]*id="${id}"[^>]*><legend[^>]*>${field.label}`));
      if (field.kind === "enum" || field.kind === "multi_enum") {
        field.options.forEach((option, optionIndex) => expect(labelFor(plain, `${id}-${optionIndex}`)).toBe(option.label));
      }
    } else {
      expect(labelFor(plain, id)).toContain(field.label);
    }
  });

  it.each(FIELDS.map((field, index) => [field.kind, field, index] as const))("%s (%#): the error is tied to the control and marks it invalid", (_kind, field, index) => {
    const id = fieldId("f", field, index);
    const control = controlById(withErrors, id)!;
    const describedBy = control.attributes["aria-describedby"]!.split(" ");
    expect(describedBy).toContain(`${id}-error`);
    expect(textOfId(withErrors, `${id}-error`)).toBe(`${field.label}: fel här.`);
    if (field.kind === "multi_enum") {
      // A group of checkboxes: each box says it is invalid and points at the message.
      for (const box of tags(withErrors, "input").filter((attributes) => attributes.id?.startsWith(`${id}-`))) {
        expect(box["aria-invalid"]).toBe("true");
        expect(box["aria-describedby"]!.split(" ")).toContain(`${id}-error`);
      }
    } else {
      expect(control.attributes["aria-invalid"]).toBe("true");
    }
  });

  it("has no aria-invalid and no error ids without errors", () => {
    expect(plain).not.toContain("aria-invalid");
    expect(plain).not.toContain("-error");
  });

  it("ties help text to the control and says which fields must be filled in", () => {
    const rubrik = controlById(plain, "f-rubrik")!;
    expect(rubrik.attributes["aria-describedby"]).toBe("f-rubrik-help");
    expect(textOfId(plain, "f-rubrik-help")).toBe("Syns överst i dokumentet.");
    expect(rubrik.attributes["aria-required"]).toBe("true");
    expect(rubrik.attributes.maxlength).toBe("80");
    expect(labelFor(plain, "f-rubrik")).toBe("Rubrik (måste fyllas i)");
    expect(labelFor(plain, "f-kommentar")).toBe("Kommentar");
  });

  it("uses the right control for each kind", () => {
    expect(controlById(plain, "f-rubrik")!.attributes.type).toBe("text");
    expect(controlById(plain, "f-kommentar")!.tagName).toBe("textarea");
    expect(controlById(plain, "f-antal")!.attributes).toMatchObject({ type: "text", inputmode: "numeric", value: "4" });
    expect(controlById(plain, "f-grans")!.attributes).toMatchObject({ type: "text", inputmode: "decimal" });
    expect(textOfId(plain, "f-antal-help")).toBe("Ett heltal från 2 till 10.");
    expect(controlById(plain, "f-blanda")!.attributes).toMatchObject({ type: "checkbox", checked: "" });
    // Two options: radio buttons in a radiogroup; five: a select with an empty first choice.
    expect(controlById(plain, "f-format")!.attributes.role).toBe("radiogroup");
    expect(tags(plain, "input").filter((attributes) => attributes.type === "radio")).toHaveLength(2);
    expect(controlById(plain, "f-amne")!.tagName).toBe("select");
    expect(plain).toMatch(/<select[^>]*id="f-amne"[^>]*><option value="" selected="">Välj …<\/option>/);
    expect(tags(plain, "input").filter((attributes) => attributes.type === "checkbox" && attributes.name === "dagar")).toHaveLength(3);
  });

  it("gives next_action fields with non-identifier names a safe id", () => {
    const field: SchemaField = { kind: "string", name: "vald elev", label: "Vald elev" };
    expect(fieldId("p", field, 3)).toBe("p--3");
    const html = render(SchemaFields, { fields: [field], values: { "vald elev": "" }, errors: { "vald elev": "Fel" }, onChange: () => {}, idPrefix: "p" });
    expect(controlById(html, "p--0")!.attributes["aria-describedby"]).toBe("p--0-error");
  });

  it("points focus at the first box or radio of a group", () => {
    expect(focusTargetId("f", FIELDS[0]!, 0)).toBe("f-rubrik");
    expect(focusTargetId("f", FIELDS[5]!, 5)).toBe("f-format-0");
    expect(focusTargetId("f", FIELDS[6]!, 6)).toBe("f-amne");
    expect(focusTargetId("f", FIELDS[7]!, 7)).toBe("f-dagar-0");
  });

  it("disables every control while pending", () => {
    const html = render(SchemaFields, { fields: FIELDS, values, onChange: () => {}, idPrefix: "f", disabled: true });
    expect(controlById(html, "f-rubrik")!.attributes.disabled).toBe("");
    expect(controlById(html, "f-dagar")!.attributes.disabled).toBe("");
  });
});

describe("initialValues", () => {
  it("starts from the defaults, empty where there is none", () => {
    expect(initialValues(FIELDS)).toEqual({
      rubrik: "",
      kommentar: "",
      antal: "4",
      grans: "",
      blanda: true,
      format: "",
      amne: "",
      dagar: [],
    });
  });

  it("prefers the prefill, converting it to what the control holds", () => {
    const values = initialValues(FIELDS, { rubrik: "Prov", antal: 6, grans: 2.5, blanda: false, format: "docx", dagar: ["wed", "mon", "sun"] });
    expect(values).toMatchObject({ rubrik: "Prov", antal: "6", grans: "2,5", blanda: false, format: "docx", dagar: ["mon", "wed"] });
  });

  it("leaves a prefill that does not fit the field empty", () => {
    const values = initialValues(FIELDS, { format: "exe", amne: 3, dagar: "tue", blanda: "ja" });
    expect(values).toMatchObject({ format: "", amne: "", dagar: ["tue"], blanda: false });
  });

  it("gives values that validateFormValues accepts as they are", () => {
    const values = initialValues(FIELDS, { rubrik: "Prov", amne: "kemi", grans: 2.5 });
    expect(validateFormValues(FIELDS, values)).toEqual({
      ok: true,
      values: { rubrik: "Prov", antal: 4, grans: 2.5, blanda: true, amne: "kemi" },
    });
  });
});
