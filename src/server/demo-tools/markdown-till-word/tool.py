"""Markdown till Word: gör ett Word-dokument (.docx) av Markdown-text med pandoc.

Indata (formulär): markdownfil (.md/.txt, valfri), markdown (text, valfri), titel (valfri),
innehallsforteckning (bool).
"""

import os
import re
import subprocess
import sys

from skolfiler import decode_text
from skriptoteket_toolkit import list_input_files, read_inputs
from tool_errors import ToolUserError

MAX_TEXT_BYTES = 2 * 1024 * 1024
PREVIEW_MAX_CHARS = 50_000
# What to upload instead when the file is a Word, Excel or PDF document (skolfiler.decode_text).
NOT_TEXT = (
    "är inte en textfil (det ser ut att vara ett Word-, PDF- eller Excel-dokument). "
    "Ladda upp en .md- eller .txt-fil, eller klistra in texten i rutan."
)


def convert(args, text):
    try:
        return subprocess.run(args, input=text.encode("utf-8"), capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        raise ToolUserError("Omvandlingen tog för lång tid. Dela upp texten i mindre delar och försök igen.")


def safe_file_stem(text, fallback):
    stem = re.sub(r"[^\w\- ]+", "", text, flags=re.UNICODE).strip()
    stem = re.sub(r"\s+", "-", stem)[:60].strip("-_")
    return stem or fallback


def run_tool(input_dir, output_dir):
    inputs = read_inputs()
    files = list_input_files()
    pasted = str(inputs.get("markdown") or "")
    title = re.sub(r"\s+", " ", str(inputs.get("titel") or "")).strip()[:200]
    toc = bool(inputs.get("innehallsforteckning"))
    outputs = []

    if files:
        f = files[0]
        if not f["name"].lower().endswith((".md", ".markdown", ".txt", ".text")):
            raise ToolUserError(
                f"Filen {f['name']} är inte en Markdown- eller textfil. Ladda upp en fil som slutar på .md eller .txt."
            )
        if f["bytes"] > MAX_TEXT_BYTES:
            raise ToolUserError(f"Filen {f['name']} är för stor (högst 2 MB text).")
        with open(f["path"], "rb") as handle:
            text = decode_text(handle.read(), f["name"], NOT_TEXT)
        source = f["name"]
        if pasted.strip():
            outputs.append({
                "kind": "notice",
                "level": "warning",
                "message": f"Du både laddade upp en fil och skrev text i rutan. Dokumentet gjordes av filen {f['name']}; texten i rutan användes inte.",
            })
        fallback = os.path.splitext(f["name"])[0]
    else:
        text = pasted
        source = "texten du skrev in"
        fallback = "dokument"

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ToolUserError(
            "Det finns ingen text att göra om. Skriv eller klistra in Markdown i rutan, eller ladda upp en .md-fil. "
            "Exempel: '# Veckobrev' på första raden och vanlig text under."
        )

    args = ["pandoc", "--from=markdown", "--to=docx", "--standalone"]
    if title:
        args.append(f"--metadata=title:{title}")
    if toc:
        args += ["--toc", "--metadata=toc-title:Innehåll"]
    args.append("--metadata=lang:sv-SE")
    stem = safe_file_stem(title or fallback, "dokument")
    target = os.path.join(output_dir, f"{stem}.docx")
    os.makedirs(output_dir, exist_ok=True)
    args.append(f"--output={target}")
    completed = convert(args, text)
    if completed.returncode != 0 and "yaml" in completed.stderr.decode("utf-8", "replace").lower():
        # En rad med --- i början av texten tolkas som metadata (YAML); försök igen utan det.
        args[1] = "--from=markdown-yaml_metadata_block"
        completed = convert(args, text)
    if completed.returncode != 0 or not os.path.exists(target):
        print(completed.stderr.decode("utf-8", "replace"), file=sys.stderr)
        raise ToolUserError(
            "Pandoc kunde inte göra om texten till Word. Kontrollera att texten är vanlig Markdown "
            "(rubriker med #, listor med - och tomma rader mellan stycken)."
        )

    headings = len(re.findall(r"^#{1,6}\s", text, flags=re.MULTILINE))
    words = len(re.findall(r"\w+", text))
    outputs.insert(0, {
        "kind": "notice",
        "level": "info",
        "message": f"Klart! {os.path.basename(target)} skapades av {source} ({words} ord, {headings} {'rubrik' if headings == 1 else 'rubriker'}"
        + (", med innehållsförteckning" if toc else "") + "). Ladda ned filen nedan och öppna den i Word.",
    })
    preview = text if len(text) <= PREVIEW_MAX_CHARS else text[:PREVIEW_MAX_CHARS] + "\n\n*… (förhandsvisningen är avkortad; hela texten finns i Word-filen)*"
    if title:
        preview = f"# {title}\n\n{preview}"
    outputs.append({"kind": "markdown", "markdown": preview})
    return {"outputs": outputs}
