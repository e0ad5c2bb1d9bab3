/**
 * Renders a run's `outputs` (RUNNER-CONTRACT.md §6). Not a client component itself, so a server
 * page may pass `artifactUrl`; the interactive kinds (table, html, chart) are client leaves.
 * Everything here came from a tool and is untrusted: see README.md in this folder.
 */
import { UI_OUTPUT_KINDS, type NoticeLevel, type UiOutput } from "@/lib/ui-contract";
import { Alert } from "../ui/alert";
import { HtmlFrame } from "./html-frame";
import { JsonTree } from "./json-tree";
import { MarkdownOutputView } from "./markdown-output";
import { TableOutputView } from "./table-output";
import { VegaLiteChart } from "./vega-chart";

const KNOWN_KINDS: ReadonlySet<string> = new Set(UI_OUTPUT_KINDS);

const NOTICE_WORDS: Record<NoticeLevel, string> = { info: "Information", warning: "Varning", error: "Fel" };

export type RunOutputsProps = {
  outputs: readonly UiOutput[];
  /** The download/view URL of a run artifact, given its `output/…` path. */
  artifactUrl: (path: string) => string;
};

function OutputView({ output, artifactUrl }: { output: UiOutput; artifactUrl: (path: string) => string }) {
  switch (output.kind) {
    case "notice":
      return (
        <Alert tone={output.level}>
          {/* The word as well as the colour, so the level does not depend on seeing colour. */}
          <p className="whitespace-pre-wrap">
            <strong className="font-semibold">{NOTICE_WORDS[output.level]}: </strong>
            {output.message}
          </p>
        </Alert>
      );
    case "markdown":
      return <MarkdownOutputView markdown={output.markdown} />;
    case "table":
      return <TableOutputView title={output.title} columns={output.columns} rows={output.rows} />;
    case "json":
      return <JsonTree title={output.title} value={output.value} />;
    case "html_sandboxed":
      return <HtmlFrame html={output.html} />;
    case "image":
      return (
        <figure>
          {/* eslint-disable-next-line @next/next/no-img-element -- an authorized artifact stream, not a static asset for next/image */}
          <img
            src={artifactUrl(output.path)}
            alt={output.alt}
            loading="lazy"
            decoding="async"
            className="h-auto max-w-full rounded-md border border-stone-200 bg-white"
          />
        </figure>
      );
    case "vega_lite":
      return <VegaLiteChart spec={output.spec} />;
    default:
      return null;
  }
}

export function RunOutputs({ outputs, artifactUrl }: RunOutputsProps) {
  // A kind this build does not know (a newer contract) is skipped, not an error.
  const known = outputs.filter((output) => output && KNOWN_KINDS.has(output.kind));
  if (known.length === 0) return null;
  return (
    <div className="space-y-5">
      {known.map((output, index) => (
        <div key={index} data-output-kind={output.kind}>
          <OutputView output={output} artifactUrl={artifactUrl} />
        </div>
      ))}
    </div>
  );
}
