/** Everything that differs between two versions of a tool: script, entrypoint, schemas, instructions. */
import { prettyJson } from "@/lib/line-diff";
import { SideBySideDiff } from "./side-by-side-diff";

/** A schema as JSON text; text that is not (yet) valid JSON — the editor's — is compared as written. */
function schemaText(schema: unknown): string {
  return typeof schema === "string" ? (schema.endsWith("\n") ? schema : `${schema}\n`) : prettyJson(schema);
}

export type ComparableVersion = {
  sourceCode: string;
  entrypoint: string;
  inputSchema: unknown;
  settingsSchema: unknown;
  usageInstructions: string;
};

export function VersionDiff({ before, after, beforeLabel, afterLabel }: { before: ComparableVersion; after: ComparableVersion; beforeLabel: string; afterLabel: string }) {
  const parts = [
    { caption: "Skript", before: before.sourceCode, after: after.sourceCode },
    { caption: "Startfunktion", before: `${before.entrypoint}\n`, after: `${after.entrypoint}\n` },
    { caption: "Formulär (input_schema)", before: schemaText(before.inputSchema), after: schemaText(after.inputSchema) },
    { caption: "Inställningar (settings_schema)", before: schemaText(before.settingsSchema), after: schemaText(after.settingsSchema) },
    { caption: "Instruktioner", before: before.usageInstructions, after: after.usageInstructions },
  ];
  const unchanged = parts.filter((part) => part.before === part.after).map((part) => part.caption);
  return (
    <div className="space-y-4">
      {parts
        .filter((part) => part.before !== part.after)
        .map((part) => (
          <SideBySideDiff key={part.caption} caption={part.caption} before={part.before} after={part.after} beforeLabel={beforeLabel} afterLabel={afterLabel} />
        ))}
      {unchanged.length > 0 && <p className="text-sm text-stone-600">Oförändrat: {unchanged.join(", ")}.</p>}
    </div>
  );
}
