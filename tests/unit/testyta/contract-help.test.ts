import { describe, expect, it } from "vitest";
import { ContractHelp, OUTPUT_EXAMPLES } from "@/components/testyta/contract-help";
import { lintPython } from "@/lib/python-lint";
import { UI_OUTPUT_KINDS } from "@/lib/ui-contract";
import { decodeEntities, render } from "../components/markup";

describe("the contract help beside the editor", () => {
  const html = decodeEntities(render(ContractHelp, { entrypoint: "skapa_grupper" }));

  it("has every output kind of the UI contract, each with an example to copy", () => {
    for (const kind of UI_OUTPUT_KINDS) expect(html).toContain(`data-testid="help-kind-${kind}"`);
    const copyButtons = html.match(/>Kopiera</g) ?? [];
    expect(copyButtons.length).toBeGreaterThanOrEqual(UI_OUTPUT_KINDS.length + 6);
  });

  it("folds every section and names the configured entrypoint in its examples", () => {
    expect(html.match(/<details/g)?.length).toBeGreaterThanOrEqual(9);
    expect(html.match(/<summary/g)?.length).toBe(html.match(/<details/g)?.length);
    expect(html).toContain("def skapa_grupper(input_dir, output_dir):");
    for (const helper of ["progress(", "read_inputs()", "get_action_parts()", "read_settings()", "ToolUserError", "save_as_pdf", "read_class_list", "SKRIPTOTEKET_INPUTS", "next_actions"]) {
      expect(html).toContain(helper);
    }
  });

  it("gives examples the script check accepts", () => {
    // A dict literal each, but for image, whose example is a few statements.
    for (const kind of UI_OUTPUT_KINDS) {
      const code = OUTPUT_EXAMPLES[kind].code;
      expect(lintPython(kind === "image" ? code : `outputs = [${code}]`), kind).toEqual([]);
    }
    expect(lintPython('outputs = [{"kind": "tabel"}]')).toHaveLength(1);
  });
});
