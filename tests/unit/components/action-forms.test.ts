import { describe, expect, it } from "vitest";
import { ActionForms } from "@/components/run-result/action-forms";
import type { FormAction } from "@/lib/ui-contract";
import { labelFor, render, tags } from "./markup";

const ACTIONS: FormAction[] = [
  {
    action_id: "filter",
    label: "Filtrera listan",
    kind: "form",
    fields: [
      { kind: "string", name: "klass", label: "Klass" },
      { kind: "integer", name: "min", label: "Lägsta poäng" },
      { kind: "enum", name: "sort", label: "Sortera", options: [{ value: "namn", label: "Namn" }, { value: "poang", label: "Poäng" }] },
    ],
    prefill: { klass: "7B", min: 10, sort: "poang" },
  },
  { action_id: "export", label: "Skapa PDF", kind: "form", fields: [], prefill: {} },
  { action_id: "reset", label: "Börja om", kind: "form", fields: [], prefill: {} },
];

const noop = () => {};

describe("ActionForms", () => {
  const html = render(ActionForms, { actions: ACTIONS, onSubmit: noop });

  it("renders each action as a form named by its label, with the label as submit button", () => {
    const forms = tags(html, "form");
    expect(forms).toHaveLength(3);
    for (const form of forms) expect(form.novalidate).toBe("");
    expect(html).toMatch(/<h3 id="[^"]+"[^>]*>Filtrera listan<\/h3>/);
    const headingId = /<h3 id="([^"]+)"/.exec(html)![1];
    expect(forms[0]!["aria-labelledby"]).toBe(headingId);
    expect(forms[1]!["aria-label"]).toBe("Skapa PDF");
    const buttons = tags(html, "button").filter((button) => button.type === "submit");
    expect(buttons).toHaveLength(3);
    expect(html).toMatch(/<button type="submit"[^>]*>Filtrera listan<\/button>/);
    expect(html).toMatch(/<button type="submit"[^>]*>Skapa PDF<\/button>/);
  });

  it("fills the fields from prefill", () => {
    const inputs = tags(html, "input");
    const klass = inputs.find((input) => input.name === "klass")!;
    expect(klass.value).toBe("7B");
    expect(labelFor(html, klass.id!)).toBe("Klass");
    expect(inputs.find((input) => input.name === "min")!.value).toBe("10");
    const checked = inputs.filter((input) => input.type === "radio" && input.checked === "");
    expect(checked.map((input) => input.value)).toEqual(["poang"]);
  });

  it("keeps the tool's order and puts neighbouring field-less actions in one row", () => {
    expect(html.indexOf("Filtrera listan")).toBeLessThan(html.indexOf("Skapa PDF"));
    expect(html).toMatch(/<div class="flex flex-wrap gap-2"><form[^>]*aria-label="Skapa PDF"[\s\S]*aria-label="Börja om"/);
  });

  it("disables every button while a follow-up run starts", () => {
    const pending = render(ActionForms, { actions: ACTIONS, onSubmit: noop, pending: true });
    for (const button of tags(pending, "button")) expect(button.disabled).toBe("");
  });

  it("renders nothing without actions", () => {
    expect(render(ActionForms, { actions: [], onSubmit: noop })).toBe("");
  });
});
