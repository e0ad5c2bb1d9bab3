/**
 * The script bank's catalog: every entry is a valid, publishable tool (schemas, taxonomy,
 * Swedish texts, a source file with the entrypoint), and the tools that read class lists use the
 * runner image's `skolfiler` module (tested in skolfiler.test.ts) instead of a copy of it.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATEGORIES, PROFESSIONS, TOOL_SLUG_PATTERN } from "@/lib/domain";
import { inputSchemaSchema, settingsSchemaSchema } from "@/lib/tool-schemas";
import { DEMO_TOOLS } from "@/server/demo-tools/catalog";
import { demoToolSourcePath } from "@/server/demo-tools/seed-demo-tools";

const CLASS_LIST_TOOLS = ["gruppindelning", "vardnadshavare-epost", "betyg-och-franvaro", "narvarolista", "sammanfoga-klasslistor", "slumpa-elev"];
const SKOLFILER = path.resolve("runner-image/lib/skolfiler.py");

function source(slug: string): string {
  return readFileSync(demoToolSourcePath(slug), "utf8");
}

describe("the demo tool catalog", () => {
  it("has at least seven tools with unique, valid slugs", () => {
    expect(DEMO_TOOLS.length).toBeGreaterThanOrEqual(7);
    const slugs = DEMO_TOOLS.map((tool) => tool.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(TOOL_SLUG_PATTERN);
    expect(slugs).toEqual(
      expect.arrayContaining(["gruppindelning", "vardnadshavare-epost", "markdown-till-word", "html-till-pdf", "betyg-och-franvaro", "slumpa-elev"]),
    );
  });

  it.each(DEMO_TOOLS.map((tool) => [tool.slug, tool] as const))("%s: schemas, taxonomy, texts and source are valid", (slug, tool) => {
    const input = inputSchemaSchema.safeParse(tool.inputSchema);
    expect(input.success, JSON.stringify(input.error?.issues)).toBe(true);
    const settings = settingsSchemaSchema.safeParse(tool.settingsSchema);
    expect(settings.success, JSON.stringify(settings.error?.issues)).toBe(true);

    expect(tool.professions.length).toBeGreaterThanOrEqual(1);
    expect(tool.categories.length).toBeGreaterThanOrEqual(1);
    for (const profession of tool.professions) expect(PROFESSIONS.map((p) => p.slug)).toContain(profession);
    for (const category of tool.categories) expect(CATEGORIES.map((c) => c.slug)).toContain(category);

    expect(tool.title.trim()).not.toBe("");
    // One plain sentence.
    expect(tool.summary).toMatch(/^[A-ZÅÄÖ][^\n]*\.$/);
    expect(tool.summary.replace(/t\.ex\./g, "").slice(0, -1)).not.toMatch(/\.\s/);
    expect(tool.usageInstructions).toMatch(/KÖR/);
    expect(tool.usageInstructions.length).toBeGreaterThan(200);

    expect(tool.sourceFile).toBe(`${slug}/tool.py`);
    const file = demoToolSourcePath(slug);
    expect(existsSync(file)).toBe(true);
    expect(path.relative(path.resolve("src/server/demo-tools"), file)).toBe(tool.sourceFile);
    expect(source(slug)).toMatch(/^def run_tool\(input_dir, output_dir\):/m);

    // Form values travel in one environment variable (at most 128 KiB): the text fields must fit
    // even when every character takes three bytes.
    const textBudget = input.data!.reduce((sum, field) => sum + ("maxLength" in field && field.maxLength ? field.maxLength : 0), 0);
    expect(textBudget * 3).toBeLessThan(128 * 1024 - 4096);
  });

  it("mixes professions and categories so the Katalog filters mean something", () => {
    const professions = new Set(DEMO_TOOLS.flatMap((tool) => tool.professions));
    const categories = new Set(DEMO_TOOLS.flatMap((tool) => tool.categories));
    expect(professions.size).toBe(PROFESSIONS.length);
    expect(categories.size).toBe(CATEGORIES.length);
  });

  it("has a tool with settings and a tool that takes several files", () => {
    expect(DEMO_TOOLS.some((tool) => tool.settingsSchema.length > 0)).toBe(true);
    const multiFile = DEMO_TOOLS.filter((tool) => {
      const parsed = inputSchemaSchema.parse(tool.inputSchema);
      return parsed.some((field) => field.kind === "file" && field.max >= 2);
    });
    expect(multiFile.map((tool) => tool.slug)).toEqual(expect.arrayContaining(["sammanfoga-klasslistor", "vardnadshavare-epost"]));
  });

  it("reads class lists with the image's skolfiler module, not a copy of the reader", () => {
    const exported = /^__all__ = \[([^\]]*)\]/m.exec(readFileSync(SKOLFILER, "utf8"));
    expect(exported, "skolfiler.py has an __all__ list").not.toBeNull();
    const api = new Set([...exported![1]!.matchAll(/"(\w+)"/g)].map((match) => match[1]));
    for (const slug of CLASS_LIST_TOOLS) {
      expect(DEMO_TOOLS.map((tool) => tool.slug)).toContain(slug);
      const text = source(slug);
      const imported = /^from skolfiler import (.+)$/m.exec(text);
      expect(imported, `${slug} imports from skolfiler`).not.toBeNull();
      for (const name of imported![1]!.split(",").map((part) => part.trim())) expect(api, `${slug}: skolfiler.${name}`).toContain(name);
      // The reader's insides stay in the module.
      expect(text, slug).not.toMatch(/^def (_decode_text|_split_csv|_read_xlsx|read_table_file|names_from_rows)\(/m);
      expect(text, slug).not.toContain("KLASSLISTA START");
    }
  });
});
