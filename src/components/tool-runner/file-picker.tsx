"use client";

import { useId, useRef, useState, type DragEvent } from "react";
import { formatBytes } from "@/lib/format";
import type { FileField } from "@/lib/tool-schemas";

export type UploadLimits = { maxFiles: number; maxFileBytes: number; maxTotalBytes: number };

/** The first problem with a file selection, as a sentence that names the file and the rule. */
export function checkSelection(files: File[], field: FileField, limits: UploadLimits): string | null {
  const maxFiles = Math.min(field.max, limits.maxFiles);
  if (files.length > maxFiles) return `Du kan välja högst ${maxFiles} ${maxFiles === 1 ? "fil" : "filer"}.`;
  const names = new Set<string>();
  let total = 0;
  for (const file of files) {
    if (names.has(file.name)) return `Filen "${file.name}" är vald två gånger.`;
    names.add(file.name);
    if (/[\\/]|\.\./.test(file.name)) return `Filnamnet "${file.name}" får inte innehålla / \\ eller .. — byt namn på filen.`;
    if (file.size === 0) return `Filen "${file.name}" är tom (0 byte).`;
    if (file.size > limits.maxFileBytes) return `Filen "${file.name}" är ${formatBytes(file.size)}: högst ${formatBytes(limits.maxFileBytes)} per fil.`;
    const lower = file.name.toLowerCase();
    if (field.accept.length > 0 && !field.accept.some((ending) => lower.endsWith(ending.toLowerCase()))) {
      return `Filen "${file.name}" har fel filtyp. Verktyget tar emot ${field.accept.join(", ")}.`;
    }
    total += file.size;
  }
  if (total > limits.maxTotalBytes) return `Filerna är ${formatBytes(total)} tillsammans: högst ${formatBytes(limits.maxTotalBytes)}.`;
  return null;
}

/**
 * Pick files by button or drag and drop; chosen files are listed and can be removed. The limits
 * are shown before anything is uploaded, and a selection that breaks one is explained at once
 * (the server checks again).
 */
export function FilePicker({
  field,
  limits,
  files,
  onChange,
  error,
}: {
  field: FileField;
  limits: UploadLimits;
  files: File[];
  onChange: (files: File[]) => void;
  error?: string;
}) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const maxFiles = Math.min(field.max, limits.maxFiles);

  function add(list: FileList | null) {
    if (!list || list.length === 0) return;
    const next = maxFiles === 1 ? [list[0]!] : [...files, ...Array.from(list).filter((file) => !files.some((chosen) => chosen.name === file.name && chosen.size === file.size))];
    setProblem(checkSelection(next, field, limits));
    onChange(next);
  }
  function remove(index: number) {
    const next = files.filter((_, i) => i !== index);
    setProblem(checkSelection(next, field, limits));
    onChange(next);
  }
  function drop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  }

  const rules = [
    field.accept.length > 0 ? `Filtyper: ${field.accept.join(", ")}` : null,
    maxFiles === 1 ? "en fil" : field.min > 1 ? `${field.min}–${maxFiles} filer` : `upp till ${maxFiles} filer`,
    `högst ${formatBytes(limits.maxFileBytes)} per fil`,
    maxFiles > 1 ? `${formatBytes(limits.maxTotalBytes)} totalt` : null,
  ].filter(Boolean);
  const shownError = problem ?? error;

  return (
    <div>
      <p id={`${inputId}-label`} className="block text-sm font-medium text-stone-800">
        {field.label}
        {field.min > 0 && <span className="text-stone-500"> (krävs)</span>}
      </p>
      {field.help && <p className="mt-0.5 text-xs text-stone-600">{field.help}</p>}
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        className={`mt-2 rounded-lg border-2 border-dashed px-4 py-6 text-center ${dragging ? "border-brand-600 bg-brand-50" : "border-stone-300 bg-stone-50"}`}
      >
        <p className="text-sm text-stone-700">Dra och släpp {maxFiles === 1 ? "filen" : "filerna"} här, eller</p>
        <button
          type="button"
          onClick={() => input.current?.click()}
          id={`${inputId}-button`}
          className="mt-2 rounded-md border border-stone-300 bg-white px-4 py-2 text-sm font-medium hover:bg-stone-100"
          aria-labelledby={`${inputId}-label ${inputId}-button`}
          aria-describedby={`${inputId}-rules${shownError ? ` ${inputId}-error` : ""}`}
        >
          Välj {maxFiles === 1 ? "fil" : "filer"}
        </button>
        <input
          ref={input}
          id={inputId}
          type="file"
          multiple={maxFiles > 1}
          accept={field.accept.length > 0 ? field.accept.join(",") : undefined}
          aria-labelledby={`${inputId}-label`}
          className="sr-only"
          tabIndex={-1}
          onChange={(event) => {
            add(event.target.files);
            event.target.value = "";
          }}
        />
        <p id={`${inputId}-rules`} className="mt-2 text-xs text-stone-600">
          {rules.join(" · ")}
        </p>
      </div>
      {files.length > 0 && (
        <ul aria-label="Valda filer" className="mt-3 divide-y divide-stone-100 rounded-md border border-stone-200 bg-white">
          {files.map((file, index) => (
            <li key={`${file.name}-${index}`} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
              <span className="truncate">
                {file.name} <span className="text-stone-500">({formatBytes(file.size)})</span>
              </span>
              <button type="button" onClick={() => remove(index)} className="rounded px-2 py-1 text-red-800 hover:bg-red-50" aria-label={`Ta bort ${file.name}`}>
                Ta bort
              </button>
            </li>
          ))}
        </ul>
      )}
      {shownError && (
        <p id={`${inputId}-error`} role="alert" className="mt-2 text-sm text-red-700">
          {shownError}
        </p>
      )}
    </div>
  );
}
