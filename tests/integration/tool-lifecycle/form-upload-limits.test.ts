/**
 * A form's file field may not promise more files than an upload takes (UPLOAD_MAX_FILES):
 * Spara and TESTKÖR of the editor's text refuse it with a Swedish message at the field, and
 * nothing is stored or queued. Real Postgres, through the services.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/env";
import { getDb } from "@/server/db/client";
import { toolRuns } from "@/server/db/schema";
import { saveDraft } from "@/server/services/save-draft";
import { startSandboxRun } from "@/server/services/start-sandbox-run";
import { newTool, people, refused, saveOnHead, SCRIPT, versionsOf, type Person } from "./support";

let alice: Person;
beforeAll(async () => {
  ({ alice } = await people());
});

const fileField = (max: number) => [{ kind: "file", name: "filer", label: "Filer", accept: [".csv"], min: 1, max }];

describe("a file field's max and the upload limits", () => {
  it("Spara refuses max above UPLOAD_MAX_FILES and stores nothing; at the limit it saves", async () => {
    const tool = await newTool(alice.actor);
    const input = { toolId: tool.id, parentVersionId: tool.versionId, sourceCode: SCRIPT("x"), entrypoint: "run_tool", settingsSchema: [], usageInstructions: "" };
    const error = await refused(saveDraft({ actor: alice.actor, input: { ...input, inputSchema: fileField(env.UPLOAD_MAX_FILES + 1) } }), "VALIDATION");
    expect(error.fieldErrors?.inputSchema).toBe(`input_schema[0].max: Högst ${env.UPLOAD_MAX_FILES} filer per körning: det är uppladdningsgränsen.`);
    expect(await versionsOf(tool.id)).toHaveLength(1);
    await saveOnHead(alice.actor, tool.id, SCRIPT("x"), { inputSchema: fileField(env.UPLOAD_MAX_FILES) });
    expect(await versionsOf(tool.id)).toHaveLength(2);
  });

  it("TESTKÖR of the editor's text refuses it too, before anything is queued", async () => {
    const tool = await newTool(alice.actor);
    const error = await refused(
      startSandboxRun({
        actor: alice.actor,
        input: {
          toolId: tool.id,
          script: { kind: "editor", sourceCode: SCRIPT("x"), entrypoint: "run_tool", inputSchema: fileField(env.UPLOAD_MAX_FILES + 1), settingsSchema: [] },
          values: {},
          settings: {},
          files: [],
        },
      }),
      "VALIDATION",
    );
    expect(error.fieldErrors?.inputSchema).toMatch(/uppladdningsgränsen/);
    expect(await getDb().select({ id: toolRuns.id }).from(toolRuns).where(eq(toolRuns.toolId, tool.id))).toEqual([]);
  });
});
