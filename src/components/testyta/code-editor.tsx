"use client";

/**
 * The Testyta's Python editor (CodeMirror 6): highlighting, line numbers, search (Ctrl/Cmd-F),
 * bracket matching, undo history, and indentation with Tab / Shift-Tab. Tab indents instead of
 * leaving the editor, so keyboard users leave it with Esc and then Tab (CodeMirror's own
 * escape hatch), as the help text under the editor says.
 *
 * Controlled from outside through `value`: when the parent loads other content (another
 * version, the newer version after a save conflict) the document is replaced; typing reports
 * through `onChange`.
 */
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { bracketMatching, foldGutter, foldKeymap, HighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { EditorSelection, EditorState } from "@codemirror/state";
import {
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { useEffect, useImperativeHandle, useRef, type Ref } from "react";
import { EDITOR_BACKGROUNDS as BG, EDITOR_TEXT, FOCUS_RING, GUTTER_TEXT, TOKEN_COLOURS as C } from "./editor-colours";

/** Swedish texts for CodeMirror's own panels (search, go to line, lint). */
const PHRASES = {
  Find: "Sök",
  Replace: "Ersätt",
  next: "nästa",
  previous: "föregående",
  all: "alla",
  "match case": "skilj på stora/små bokstäver",
  regexp: "reguljärt uttryck",
  "by word": "hela ord",
  replace: "ersätt",
  "replace all": "ersätt alla",
  close: "stäng",
  "current match": "aktuell träff",
  "on line": "på rad",
  "Go to line": "Gå till rad",
  go: "gå",
  "Folded lines": "Hopfällda rader",
  "Unfolded lines": "Utfällda rader",
  "Fold line": "Fäll ihop",
  "Unfold line": "Fäll ut",
  Diagnostics: "Fel",
  "No diagnostics": "Inga fel",
  "Control character": "Kontrolltecken",
};

const theme = EditorView.theme({
  // A long script scrolls inside the editor, so the save button and TESTKÖR stay near.
  "&": { fontSize: "13px", color: EDITOR_TEXT, border: "1px solid rgb(214 211 209)", borderRadius: "0.375rem", backgroundColor: BG.editor, maxHeight: "70vh" },
  "&.cm-focused": { outline: `2px solid ${FOCUS_RING}`, outlineOffset: "1px" },
  ".cm-scroller": { overflow: "auto", fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", lineHeight: "1.55" },
  // The scroll area is a tab stop of its own (arrow keys scroll it without editing): its ring shows where focus is.
  ".cm-scroller:focus-visible": { outline: `3px solid ${FOCUS_RING}`, outlineOffset: "-3px" },
  ".cm-gutters": { backgroundColor: BG.gutter, color: GUTTER_TEXT, borderRight: "1px solid rgb(231 229 228)" },
  ".cm-activeLine": { backgroundColor: BG.activeLine },
  ".cm-activeLineGutter": { backgroundColor: BG.activeGutter },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection": { backgroundColor: BG.selection },
});

/** Python highlighting in colours that pass AA contrast (editor-colours.ts). */
const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: C.keyword },
  { tag: [tags.string, tags.docString], color: C.string },
  { tag: [tags.number, tags.integer, tags.float], color: C.number },
  { tag: [tags.bool, tags.null, tags.atom], color: C.atom },
  { tag: [tags.comment, tags.lineComment], color: C.comment, fontStyle: "italic" },
  { tag: [tags.definition(tags.variableName), tags.function(tags.definition(tags.variableName))], color: C.definition },
  { tag: tags.definition(tags.className), color: C.className },
  { tag: [tags.typeName, tags.namespace, tags.className], color: C.typeName },
  { tag: tags.propertyName, color: C.propertyName },
  { tag: [tags.special(tags.variableName), tags.self], color: C.special },
  { tag: [tags.meta, tags.annotation], color: C.meta },
  { tag: [tags.escape, tags.regexp, tags.special(tags.string)], color: C.escape },
  { tag: tags.invalid, color: C.invalid },
  { tag: tags.strong, fontWeight: "bold" },
  { tag: tags.emphasis, fontStyle: "italic" },
]);

export type CodeEditorHandle = { goToLine: (line: number, column?: number) => void; focus: () => void };
export type EditorProblem = { line: number; column?: number; message: string; severity?: "error" | "warning"; from?: number; to?: number };

export function CodeEditor({
  value,
  onChange,
  label,
  describedBy,
  problems = [],
  ref,
  minHeight = "20rem",
}: {
  value: string;
  onChange: (value: string) => void;
  /** The accessible name of the editable area. */
  label: string;
  describedBy?: string;
  /** Marked in the gutter and under the text (e.g. the syntax error of the last TESTKÖR). */
  problems?: EditorProblem[];
  ref?: Ref<CodeEditorHandle>;
  minHeight?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          foldGutter(),
          drawSelection(),
          dropCursor(),
          EditorState.allowMultipleSelections.of(true),
          indentOnInput(),
          indentUnit.of("    "),
          EditorState.tabSize.of(4),
          syntaxHighlighting(highlight),
          bracketMatching(),
          closeBrackets(),
          rectangularSelection(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          search({ top: true }),
          lintGutter(),
          python(),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, indentWithTab]),
          EditorState.phrases.of(PHRASES),
          EditorView.contentAttributes.of({ "aria-label": label, ...(describedBy ? { "aria-describedby": describedBy } : {}), spellcheck: "false" }),
          EditorView.theme({ ".cm-content": { minHeight } }),
          theme,
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    // A long script's scroll area must be reachable without a mouse (WCAG 2.1.1): a tab stop of
    // its own, named, before the text. Tab inside the text indents; Esc then Tab leaves.
    editor.scrollDOM.tabIndex = 0;
    editor.scrollDOM.setAttribute("role", "region");
    editor.scrollDOM.setAttribute("aria-label", `${label}, rullningsyta`);
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is built once; later prop changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Content loaded from outside (another version, the newer text after a conflict).
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const doc = editor.state.doc;
    const diagnostics: Diagnostic[] = problems
      .filter((problem) => problem.line >= 1 && problem.line <= doc.lines)
      .map((problem) => {
        const severity = problem.severity ?? "error";
        // Offsets from the script check (it parsed this very text); a run's problem has a line only.
        if (problem.from !== undefined && problem.to !== undefined && problem.to <= doc.length) {
          return { from: problem.from, to: Math.max(problem.to, Math.min(doc.length, problem.from + 1)), severity, message: problem.message };
        }
        const line = doc.line(problem.line);
        const from = Math.min(line.to, line.from + Math.max(0, (problem.column ?? 1) - 1));
        return { from, to: Math.max(from, line.to), severity, message: problem.message };
      });
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [problems]);

  useImperativeHandle(ref, () => ({
    focus: () => view.current?.focus(),
    goToLine: (lineNumber: number, column = 1) => {
      const editor = view.current;
      if (!editor) return;
      const line = editor.state.doc.line(Math.min(Math.max(1, lineNumber), editor.state.doc.lines));
      const position = Math.min(line.to, line.from + Math.max(0, column - 1));
      editor.dispatch({ selection: EditorSelection.cursor(position), effects: EditorView.scrollIntoView(position, { y: "center" }) });
      editor.focus();
    },
  }));

  return <div ref={host} data-testid="code-editor" />;
}
