/**
 * The Testyta's checks of a tool script while it is typed (no run needed): a pure function,
 * source text → diagnostics, used by the editor's lint marks and tested on its own.
 *
 * It parses with the Lezer Python grammar that @codemirror/lang-python ships (the same parse the
 * highlighting uses), so it sees what Lezer's error recovery sees: a missing colon, an unclosed
 * bracket, a bad indent, `if x = 1:` — and, through a small extra check, an unterminated
 * one-line string, which Lezer's tokenizer quietly accepts. It is not CPython: see README
 * "What the script check catches" for what it does not catch.
 *
 * The known output kinds and notice levels come from ui-contract.ts and the field kinds from
 * tool-schemas.ts, so the linter cannot drift from what the host accepts.
 */
import { pythonLanguage } from "@codemirror/lang-python";
import { inputFieldSchema, settingsFieldSchema } from "./tool-schemas";
import { ACTION_FIELD_KINDS, NOTICE_LEVELS, UI_OUTPUT_KINDS } from "./ui-contract";

export type LintSeverity = "error" | "warning";
export type LintDiagnostic = {
  /** Offsets into the source (from ≤ to). */
  from: number;
  to: number;
  /** 1-based, as Python reports them. */
  line: number;
  column: number;
  severity: LintSeverity;
  message: string;
};

type SyntaxNode = ReturnType<typeof pythonLanguage.parser.parse>["topNode"];

const fieldKinds = [...inputFieldSchema.options, ...settingsFieldSchema.options].map((option) => option.shape.kind.value as string);
/** Every `"kind"` a tool's dicts may carry: outputs, next_actions forms, and their fields. */
const KNOWN_KINDS = new Set<string>([...UI_OUTPUT_KINDS, "form", ...ACTION_FIELD_KINDS, ...fieldKinds]);
const LEVELS = new Set<string>(NOTICE_LEVELS);

/** Modules whose only purpose is talking to other machines (checked on the imported name). */
const NETWORK_MODULES = new Set([
  "requests",
  "httpx",
  "aiohttp",
  "urllib3",
  "socket",
  "urllib.request",
  "http.client",
  "ftplib",
  "smtplib",
  "imaplib",
  "poplib",
  "telnetlib",
  "xmlrpc.client",
  "websocket",
  "websockets",
  "pycurl",
  "paramiko",
  "boto3",
]);
const NETWORK_MESSAGE = "verktyg har ingen nätverksåtkomst";

/** Running other programs: it may work (pandoc is installed) but is often a mistake here. */
const PROCESS_CALLS = new Set(["os.system", "os.popen", "os.execv", "os.execvp", "os.execl", "os.execlp", "os.spawnl", "os.spawnv", "os.fork"]);
const PROCESS_MESSAGE =
  "startar ett annat program. Det fungerar bara med program som finns i verktygsmiljön (till exempel pandoc), utan nätverk och inom tidsgränsen – kontrollera med TESTKÖR.";

const MAX_SYNTAX_ERRORS = 3;

export function lintPython(source: string, options: { entrypoint?: string } = {}): LintDiagnostic[] {
  const lineStarts = [0];
  for (let index = 0; index < source.length; index++) if (source.charCodeAt(index) === 10) lineStarts.push(index + 1);
  const position = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
  const diagnostics: LintDiagnostic[] = [];
  const add = (from: number, to: number, severity: LintSeverity, message: string) => diagnostics.push({ from, to: Math.max(from, to), ...position(from), severity, message });
  const text = (node: { from: number; to: number }) => source.slice(node.from, node.to);

  const tree = pythonLanguage.parser.parse(source);
  let syntaxErrors = 0;
  let lastErrorLine = -1;
  const defined = new Set<string>();

  tree.iterate({
    enter: (ref) => {
      const node = ref.node;
      if (ref.type.isError) {
        const at = position(ref.from);
        // Error recovery often leaves several marks on one broken line; one is enough.
        if (syntaxErrors < MAX_SYNTAX_ERRORS && at.line !== lastErrorLine) {
          syntaxErrors++;
          lastErrorLine = at.line;
          add(ref.from, ref.to, "error", syntaxMessage(source, ref.from, at.line, at.column, node.parent));
        }
        return false;
      }
      switch (ref.name) {
        case "String":
          checkOneLineString(ref.from, ref.to);
          return false;
        case "ImportStatement":
          checkImport(node);
          if (node.parent?.name === "Script") for (const name of importedNames(node)) defined.add(name);
          return false;
        case "FunctionDefinition":
        case "ClassDefinition":
        case "AssignStatement":
          if (node.parent?.name === "Script") for (const name of boundNames(node)) defined.add(name);
          return;
        case "CallExpression":
          checkCall(node);
          return;
        case "DictionaryExpression":
          checkDict(node);
          return;
      }
    },
  });

  const entrypoint = options.entrypoint?.trim();
  if (entrypoint && /^[A-Za-z_][A-Za-z0-9_]*$/.test(entrypoint) && !defined.has(entrypoint)) {
    const firstLineEnd = source.indexOf("\n") === -1 ? source.length : source.indexOf("\n");
    add(0, firstLineEnd, "error", `Startfunktionen ${entrypoint} finns inte i skriptet. Skriptoteket anropar den: def ${entrypoint}(input_dir, output_dir):`);
  }

  return diagnostics.sort((a, b) => a.from - b.from || (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));

  function checkOneLineString(from: number, to: number) {
    const literal = source.slice(from, to);
    const prefix = /^[A-Za-z]*/.exec(literal)![0].length;
    const quote = literal[prefix];
    if (quote !== "'" && quote !== '"') return;
    if (literal.startsWith(quote.repeat(3), prefix)) return; // triple quotes: Lezer marks these itself
    const body = literal.slice(prefix + 1);
    const closed = body.length > 0 && body.endsWith(quote) && !/(^|[^\\])(\\\\)*\\$/.test(body.slice(0, -1));
    if (closed) return;
    const at = position(from);
    if (syntaxErrors >= MAX_SYNTAX_ERRORS || at.line === lastErrorLine) return;
    syntaxErrors++;
    lastErrorLine = at.line;
    add(from, to, "error", `Syntaxfel på rad ${at.line}, kolumn ${at.column}: texten saknar sitt avslutande ${quote}.`);
  }

  function checkImport(node: SyntaxNode) {
    // `import a.b as c, d` → a.b, d;   `from a.b import c, d` → a.b, a.b.c, a.b.d
    const parts: string[] = [];
    let current = "";
    let fromModule: string | null = null;
    let sawImport = false;
    const isFrom = node.firstChild?.name === "from";
    for (let child = node.firstChild; child; child = child.nextSibling) {
      const name = child.name;
      if (name === "from") continue;
      if (name === "import") {
        if (isFrom) fromModule = current;
        current = "";
        sawImport = true;
        continue;
      }
      if (name === "as") {
        if (current) parts.push(current);
        current = "";
        child = child.nextSibling; // the alias
        if (!child) break;
        continue;
      }
      if (name === ",") {
        if (current) parts.push(current);
        current = "";
        continue;
      }
      if (name === "VariableName") current += text(child);
      else if (name === ".") current += ".";
    }
    if (current) parts.push(current);
    const modules = isFrom && fromModule !== null ? [fromModule, ...parts.map((part) => `${fromModule}.${part}`)] : sawImport ? parts : [];
    const hit = modules.find((module) => NETWORK_MODULES.has(module) || NETWORK_MODULES.has(module.split(".")[0]!));
    if (hit) {
      const shown = NETWORK_MODULES.has(hit.split(".")[0]!) ? hit.split(".")[0]! : hit;
      add(node.from, node.to, "error", `${shown}: ${NETWORK_MESSAGE}. Ett verktyg kan bara läsa de uppladdade filerna och skriva filer i output_dir.`);
    }
    else if (modules.some((module) => module === "subprocess" || module.startsWith("subprocess."))) add(node.from, node.to, "warning", `subprocess ${PROCESS_MESSAGE}`);
  }

  function checkCall(node: SyntaxNode) {
    const callee = node.firstChild;
    if (!callee || callee.name !== "MemberExpression") return;
    const name = text(callee).replace(/\s+/g, "");
    if (PROCESS_CALLS.has(name)) add(callee.from, callee.to, "warning", `${name} ${PROCESS_MESSAGE}`);
  }

  function checkDict(node: SyntaxNode) {
    // Only literal string keys and values: {"kind": "notice", "level": "info", ...}
    const entries = new Map<string, { value: string; from: number; to: number }>();
    let key: SyntaxNode | null = null;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === ":" || child.name === "{") continue;
      if (child.name === "," || child.name === "}") {
        key = null;
        continue;
      }
      if (!key) {
        key = child;
        continue;
      }
      const keyText = stringValue(key);
      const valueText = stringValue(child);
      if (keyText !== null && valueText !== null) entries.set(keyText, { value: valueText, from: child.from, to: child.to });
      key = null;
    }
    const kind = entries.get("kind");
    if (kind && !KNOWN_KINDS.has(kind.value)) {
      add(kind.from, kind.to, "error", `Okänd kind "${kind.value}". Resultat kan vara: ${UI_OUTPUT_KINDS.join(", ")}.`);
    }
    const level = entries.get("level");
    if (level && (kind?.value === "notice" || (!kind && entries.has("message"))) && !LEVELS.has(level.value)) {
      add(level.from, level.to, "error", `Okänd level "${level.value}" för en notice. Använd ${NOTICE_LEVELS.join(", ")}.`);
    }
  }

  /** The value of a plain string literal (no f-string, no concatenation), else null. */
  function stringValue(node: SyntaxNode): string | null {
    if (node.name !== "String") return null;
    const match = /^([rRuU]?)(['"])(.*)\2$/s.exec(text(node));
    if (!match || match[3]!.startsWith(match[2]!.repeat(2))) return null;
    return match[3]!.includes("\\") ? null : match[3]!;
  }

  function importedNames(node: SyntaxNode): string[] {
    const names: string[] = [];
    const isFrom = node.firstChild?.name === "from";
    let afterImport = !isFrom;
    let last: SyntaxNode | null = null;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === "import") {
        afterImport = true;
        continue;
      }
      if (!afterImport) continue;
      if (child.name === "VariableName") last = child;
      if (child.name === "," && last) {
        names.push(text(last));
        last = null;
      }
    }
    if (last) names.push(text(last));
    return names;
  }

  function boundNames(node: SyntaxNode): string[] {
    if (node.name === "FunctionDefinition" || node.name === "ClassDefinition") {
      const name = node.getChild("VariableName");
      return name ? [text(name)] : [];
    }
    // AssignStatement: every plain name left of an "=" (a = b = f)
    const names: string[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === "VariableName" && child.nextSibling?.name === "AssignOp") names.push(text(child));
    }
    return names;
  }
}

/** A Swedish hint for the most common slips, from where Lezer's recovery put the error. */
function syntaxMessage(source: string, offset: number, line: number, column: number, parent: SyntaxNode | null): string {
  const where = `Syntaxfel på rad ${line}, kolumn ${column}`;
  const lineText = source.slice(source.lastIndexOf("\n", offset - 1) + 1, offset);
  const headerLine = /^\s*(def|class|if|elif|else|for|while|with|try|except|finally|async)\b/.test(lineText) && !lineText.trimEnd().endsWith(":");
  if (parent?.name === "Body" && headerLine) return `${where}: raden saknar kolon (:) på slutet.`;
  if (parent?.name === "Body") return `${where}: indraget stämmer inte (eller raden ovanför saknar kolon).`;
  if (parent?.name === "ArgList" || parent?.name === "ParamList") return `${where}: en parentes öppnas men stängs inte.`;
  if (/^\s*(if|elif|while)\b[^=!<>]*[^=!<>]=[^=]/.test(lineText + source.slice(offset, source.indexOf("\n", offset) === -1 ? undefined : source.indexOf("\n", offset)))) {
    return `${where}: jämförelse skrivs med == (ett = tilldelar).`;
  }
  return `${where}.`;
}
