import "server-only";
import { validateFormValues } from "@/lib/form-values";
import { inputSchemaSchema, settingsSchemaSchema, type InputSchema, type SettingsSchema, type ValueField } from "@/lib/tool-schemas";
import { env } from "@/env";
import { sandboxRunInput, validateVersionContent, type SandboxRunInput } from "@/lib/version-schemas";
import { getDb } from "../db/client";
import type { Actor } from "./actor";
import { loadMaintainedTool, loadVersion, requireContributor, versionContentHash } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { queueRun, type StoredInputFile } from "./queue-run";
import { invalidFields, notFound } from "./service-error";
import { checkFiles } from "./start-run";
import { saveSandboxSettings } from "./save-sandbox-settings";

/**
 * TESTKÖR: runs a saved version of the tool (any state: draft, in review, active, archived) or
 * the editor's unsaved content, as a `sandbox` run — the sandbox timeout, stdout/stderr kept
 * for the author, never listed in Mina körningar. The form values, files and settings are
 * checked against the schemas of what is run, exactly as KÖR checks a user's; the settings are
 * kept as the contributor's own TESTKÖR settings for the tool (offered again next time). The run
 * records the content hash of what it ran, the evidence the review page looks for. Only the
 * tool's maintainers and admins; for anyone else the tool does not exist.
 */
export async function startSandboxRun({ actor, input }: { actor: Actor | null; input: SandboxRunInput & { files: StoredInputFile[] } }) {
  const who = requireContributor(actor);
  const { toolId, script, values, settings } = parseInput(sandboxRunInput, input);
  const db = getDb();
  const tool = await loadMaintainedTool(db, who, toolId);

  let runScript: { versionId: string } | { adHocSource: string; entrypoint: string };
  let inputSchema: InputSchema;
  let settingsSchema: SettingsSchema;
  let contentHash: string;
  if (script.kind === "version") {
    const version = await loadVersion(db, script.versionId).catch(() => null);
    if (!version || version.toolId !== tool.id) throw notFound("Versionen");
    runScript = { versionId: version.id };
    contentHash = version.contentHash;
    inputSchema = inputSchemaSchema.parse(version.inputSchema);
    settingsSchema = settingsSchemaSchema.parse(version.settingsSchema);
  } else {
    const checked = validateVersionContent(script, { maxFiles: env.UPLOAD_MAX_FILES });
    if (!checked.ok) throw invalidFields(checked.errors, { fallback: "Kontrollera skriptet." });
    runScript = { adHocSource: checked.content.sourceCode, entrypoint: checked.content.entrypoint };
    // Hashed as a save of this text would be: saved unchanged, the version matches this run.
    contentHash = versionContentHash(checked.content);
    inputSchema = checked.content.inputSchema;
    settingsSchema = checked.content.settingsSchema;
  }

  const valueFields = inputSchema.filter((field) => field.kind !== "file") as ValueField[];
  const checkedValues = validateFormValues(valueFields, values);
  if (!checkedValues.ok) throw invalidFields(checkedValues.errors, { prefix: "values" });
  const checkedSettings = validateFormValues(settingsSchema, settings);
  if (!checkedSettings.ok) throw invalidFields(checkedSettings.errors, { prefix: "settings" });
  checkFiles(inputSchema, input.files);

  return db.transaction(async (tx) => {
    await saveSandboxSettings(tx, { toolId: tool.id, userId: who.userId, settings: checkedSettings.values, settingsSchema });
    return queueRun(tx, {
      toolId: tool.id,
      userId: who.userId,
      context: "sandbox",
      script: runScript,
      contentHash,
      inputFiles: input.files,
      inputValues: checkedValues.values,
      settings: checkedSettings.values,
    });
  });
}
