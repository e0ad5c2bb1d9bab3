"use client";

/**
 * The reference beside the Testyta's editor: what a tool script gets and must give back
 * (RUNNER-CONTRACT.md and runner-image/README.md), written for a teacher who codes a little.
 * Every section folds (<details>, so keyboard and screen readers get it for free), and every
 * example has the Kopiera button of Markdown code blocks (CopyablePre).
 *
 * The output kinds and notice levels listed come from ui-contract.ts, so a kind the host
 * accepts cannot be missing here (a unit test checks each has an example).
 */
import type { ReactNode } from "react";
import { NOTICE_LEVELS, UI_OUTPUT_KINDS, type UiOutputKind } from "@/lib/ui-contract";
import { CopyablePre } from "../run-result/copyable-pre";

const PRE = "overflow-x-auto rounded-md bg-stone-900 p-3 font-mono text-xs leading-relaxed text-stone-50";

function Example({ code }: { code: string }) {
  return (
    <CopyablePre className={PRE}>
      <code>{code}</code>
    </CopyablePre>
  );
}

function Section({ title, children, open = false }: { title: string; children: ReactNode; open?: boolean }) {
  return (
    <details className="group border-b border-stone-200 py-2 last:border-b-0" open={open}>
      <summary className="cursor-pointer rounded text-sm font-semibold text-stone-900 focus-visible:outline-2 focus-visible:outline-brand-700">{title}</summary>
      <div className="mt-2 space-y-2 text-sm text-stone-800">{children}</div>
    </details>
  );
}

const C = ({ children }: { children: ReactNode }) => <code className="rounded bg-stone-100 px-1 font-mono text-[0.85em]">{children}</code>;

/** One copyable example per output kind: what to put in the `outputs` list. */
export const OUTPUT_EXAMPLES: Record<UiOutputKind, { text: string; code: string }> = {
  notice: { text: `En färgad ruta. level är ${NOTICE_LEVELS.join(", ")}.`, code: `{"kind": "notice", "level": "info", "message": "Klart! 28 elever i listan."}` },
  markdown: { text: "Formaterad text: rubriker, listor, fetstil, tabeller, kodblock (med Kopiera-knapp).", code: `{"kind": "markdown", "markdown": "## Resultat\\n\\n- **7B**: 28 elever\\n- **7C**: 27 elever"}` },
  table: {
    text: "En tabell. Varje kolumn har en unik key; raderna är ordböcker med samma nycklar. Högst 750 rader och 40 kolumner.",
    code: `{"kind": "table", "title": "Elever",
 "columns": [{"key": "namn", "label": "Namn"}, {"key": "klass", "label": "Klass"}],
 "rows": [{"namn": "Ada", "klass": "7B"}, {"namn": "Alan", "klass": "7C"}]}`,
  },
  json: { text: "Data som ett hopfällbart träd (bra för att felsöka).", code: `{"kind": "json", "title": "Inställningar", "value": {"grupper": 4, "blanda": True}}` },
  html_sandboxed: { text: "Egen HTML i en låst ram, utan skript. Att returnera en sträng från run_tool ger samma sak.", code: `{"kind": "html_sandboxed", "html": "<h2>Hej</h2><p>Det här är HTML.</p>"}` },
  image: {
    text: "En bild som verktyget har sparat i output_dir (png, jpg, gif, webp, svg).",
    code: `import os
import matplotlib.pyplot as plt

plt.bar(["7B", "7C"], [28, 27])
plt.savefig(os.path.join(output_dir, "diagram.png"))
outputs.append({"kind": "image", "path": "output/diagram.png", "alt": "Elever per klass"})`,
  },
  vega_lite: {
    text: "Ett diagram från en Vega-Lite-specifikation (data i specifikationen, inga adresser).",
    code: `{"kind": "vega_lite", "spec": {
    "mark": "bar",
    "data": {"values": [{"klass": "7B", "antal": 28}, {"klass": "7C", "antal": 27}]},
    "encoding": {"x": {"field": "klass", "type": "nominal"}, "y": {"field": "antal", "type": "quantitative"}}}}`,
  },
};

export function ContractHelp({ entrypoint }: { entrypoint: string }) {
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(entrypoint) ? entrypoint : "run_tool";
  return (
    <aside aria-labelledby="contract-help-title" className="min-w-0 rounded-lg border border-stone-200 bg-white p-4" data-testid="contract-help">
      <h3 id="contract-help-title" className="text-base font-semibold text-stone-900">
        Hjälp: så skriver du ett verktyg
      </h3>
      <p className="mt-1 text-xs text-stone-600">Öppna en rubrik för att läsa. Kopiera ger exemplet att klistra in i skriptet.</p>

      <div className="mt-2">
        <Section title="Startfunktionen" open>
          <p>
            Skriptoteket anropar funktionen <C>{name}</C> med två mappar: <C>input_dir</C> med de uppladdade filerna och <C>output_dir</C>, där varje fil du sparar blir en fil att ladda ner.
            Returnera en ordbok med <C>outputs</C> (det användaren ser).
          </p>
          <Example
            code={`import os
from skriptoteket_toolkit import list_input_files, read_inputs


def ${name}(input_dir, output_dir):
    files = list_input_files()
    values = read_inputs()
    with open(os.path.join(output_dir, "resultat.txt"), "w", encoding="utf-8") as out:
        out.write(f"{len(files)} filer\\n")
    return {"outputs": [{"kind": "notice", "level": "info", "message": f"Läste {len(files)} filer."}]}`}
          />
          <p>
            Verktyget har <strong>ingen nätverksåtkomst</strong> och högst 60 sekunder vid TESTKÖR (120 vid KÖR). Det du skriver ut med <C>print()</C> ser bara du här i Testytan, aldrig lärarna.
          </p>
        </Section>

        <Section title="Hjälpfunktioner (skriptoteket_toolkit)">
          <ul className="list-disc space-y-1 pl-5">
            <li><C>read_inputs()</C> – formulärets värden som en ordbok, t.ex. <C>{`{"gruppstorlek": 4}`}</C></li>
            <li><C>list_input_files()</C> – de uppladdade filerna: <C>{`[{"name", "path", "bytes"}]`}</C></li>
            <li><C>read_settings()</C> – användarens sparade inställningar (settings_schema)</li>
            <li><C>read_memory()</C> – hela memory.json</li>
            <li><C>get_action_parts()</C> – vid ett uppföljningssteg: <C>(action_id, input, state)</C>, annars <C>(None, {"{}"}, {"{}"})</C></li>
            <li><C>progress(meddelande, andel)</C> – visar läraren hur långt verktyget har kommit (andel 0–1 eller None)</li>
          </ul>
          <Example
            code={`from skriptoteket_toolkit import list_input_files, progress

files = list_input_files()
for number, f in enumerate(files, start=1):
    progress(f"Läser fil {number} av {len(files)}", (number - 1) / len(files))`}
          />
        </Section>

        <Section title="Klasslistor och tabeller (skolfiler)">
          <p>Läser CSV, TXT och Excel (.xlsx) som skolans system exporterar, med rätt teckenkodning och avgränsare, och hittar namnkolumnen.</p>
          <Example
            code={`from skolfiler import read_class_list, read_table, load_class_list

names = read_class_list("/work/input/7B.xlsx")          # ["Anna Berg", ...]
rows = read_table("/work/input/betyg.csv", header={"Ämne", "Betyg"})
names, duplicates, sources = load_class_list()           # alla uppladdade filer`}
          />
        </Section>

        <Section title="Fel som användaren kan rätta (tool_errors)">
          <p>Med <C>ToolUserError</C> visas ditt meddelande för användaren, utan teknisk felutskrift.</p>
          <Example
            code={`from tool_errors import ToolUserError

if not files:
    raise ToolUserError("Ladda upp en klasslista (CSV eller Excel).")`}
          />
        </Section>

        <Section title="PDF (pdf_helper)">
          <p>Gör en PDF av HTML och sparar den i output_dir, så att användaren kan ladda ner den.</p>
          <Example
            code={`from pdf_helper import save_as_pdf

save_as_pdf("<h1>Närvaro 7B</h1><p>...</p>", output_dir, "narvaro.pdf")`}
          />
        </Section>

        <Section title="Det användaren ser (outputs)">
          <p>Lägg en eller flera av de här i listan <C>outputs</C>:</p>
          {UI_OUTPUT_KINDS.map((kind) => (
            <div key={kind} data-testid={`help-kind-${kind}`}>
              <p>
                <C>{kind}</C> – {OUTPUT_EXAMPLES[kind].text}
              </p>
              <Example code={OUTPUT_EXAMPLES[kind].code} />
            </div>
          ))}
        </Section>

        <Section title="Flera steg (next_actions och state)">
          <p>
            Ett verktyg kan fråga vidare: <C>next_actions</C> visar ett formulär efter resultatet, och <C>state</C> sparas till nästa steg. I nästa körning ger{" "}
            <C>get_action_parts()</C> vilket steg som valdes, vad som fylldes i och det sparade state.
          </p>
          <Example
            code={`from skriptoteket_toolkit import get_action_parts


def ${name}(input_dir, output_dir):
    action, values, state = get_action_parts()
    if action == "bekrafta":
        return {"outputs": [{"kind": "notice", "level": "info", "message": f"Hej {values['namn']}! Steg {state['steg'] + 1}."}]}
    return {
        "outputs": [{"kind": "markdown", "markdown": "Vad heter du?"}],
        "next_actions": [{"action_id": "bekrafta", "label": "Fortsätt", "kind": "form",
                          "fields": [{"kind": "string", "name": "namn", "label": "Namn"}]}],
        "state": {"steg": 1},
    }`}
          />
          <p>Fälttyper i steg: string, text, integer, number, boolean, enum (med options) och multi_enum. Högst 64 KiB state.</p>
        </Section>

        <Section title="Inställningar (settings_schema)">
          <p>
            Inställningar som varje användare sparar för sig (t.ex. skolans namn). De läses med <C>read_settings()</C>. Fälten skrivs under fliken Inställningar, som i formuläret men med multi_enum och utan filer.
          </p>
          <Example
            code={`from skriptoteket_toolkit import read_settings

settings = read_settings()
skola = settings.get("skola", "Skolan")`}
          />
        </Section>

        <Section title="Miljövariabler">
          <p>Hjälpfunktionerna ovan läser dem åt dig; de finns om du behöver dem direkt (<C>os.environ</C>).</p>
          <dl className="space-y-1 text-xs">
            {[
              ["SKRIPTOTEKET_INPUT_DIR", "/work/input, de uppladdade filerna"],
              ["SKRIPTOTEKET_OUTPUT_DIR", "/work/output, filer att ladda ner"],
              ["SKRIPTOTEKET_INPUTS", "formulärets värden som JSON"],
              ["SKRIPTOTEKET_INPUT_MANIFEST", 'filerna som JSON: {"files": [{"name", "path", "bytes"}]}'],
              ["SKRIPTOTEKET_MEMORY_PATH", '/work/memory.json med {"settings": {...}}'],
              ["SKRIPTOTEKET_ACTION", "bara i ett uppföljningssteg: JSON med action_id, input, state"],
              ["SKRIPTOTEKET_ENTRYPOINT", "startfunktionens namn"],
              ["SKRIPTOTEKET_SCRIPT_PATH", "/work/script.py"],
              ["SKRIPTOTEKET_RESULT_PATH", "/work/result.json"],
              ["HOME", "en skrivbar tillfällig hemmapp"],
            ].map(([variable, meaning]) => (
              <div key={variable}>
                <dt className="font-mono font-medium">{variable}</dt>
                <dd className="pl-3 text-stone-700">{meaning}</dd>
              </div>
            ))}
          </dl>
        </Section>

        <Section title="Vad finns installerat?">
          <p>Python 3.13 med pandas, openpyxl, python-docx, pypdf, jinja2, matplotlib, WeasyPrint, pypandoc och pandoc, PyYAML och pydantic. Inget kan installeras under körningen.</p>
        </Section>
      </div>
    </aside>
  );
}
