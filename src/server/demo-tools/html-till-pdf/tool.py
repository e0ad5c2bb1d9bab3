"""HTML till PDF: gör en PDF av en HTML-sida (uppladdad fil eller inklistrad kod).

Indata (formulär): htmlfil (.html/.htm, valfri), html (text, valfri), sidstorlek (A4/A5),
orientering (stående/liggande), filnamn (valfritt).
"""

import html as html_lib
import os
import re

from pdf_helper import save_as_pdf
from skolfiler import decode_text
from skriptoteket_toolkit import list_input_files, progress, read_inputs
from tool_errors import ToolUserError

PAGE_SIZES = {"A4": "A4", "A5": "A5"}
ORIENTATIONS = {"staende": "portrait", "liggande": "landscape"}
BASE_STYLE = """
  body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 11pt; line-height: 1.4; }
  table { border-collapse: collapse; }
  th, td { border: 0.75pt solid #888; padding: 3pt 6pt; }
  img { max-width: 100%; }
"""
# What to upload instead when the file is a Word, Excel or PDF document (skolfiler.decode_text).
NOT_HTML = (
    "är ingen HTML-fil (den ser ut att vara ett Word-, Excel- eller PDF-dokument). "
    "Ladda upp en fil som slutar på .html, eller klistra in HTML-koden i rutan."
)


def with_page_style(document, page_css):
    """Lägger sidinställningen sist i <head> så att den vinner över sidans egen @page."""
    style = f"<style>{page_css}</style>"
    if not re.search(r"<(html|head|body)[\s>]", document, flags=re.IGNORECASE):
        # Ett HTML-fragment (eller ren text): lägg det i en enkel sida med läsbar standardstil.
        body = document if re.search(r"<[a-zA-Z][^>]*>", document) else (
            "".join(f"<p>{html_lib.escape(p).replace(chr(10), '<br>')}</p>" for p in re.split(r"\n\s*\n", document) if p.strip())
        )
        return f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><style>{BASE_STYLE}</style>{style}</head><body>{body}</body></html>'
    if re.search(r"</head>", document, flags=re.IGNORECASE):
        return re.sub(r"</head>", lambda _m: style + "</head>", document, count=1, flags=re.IGNORECASE)
    return re.sub(r"(<body[^>]*>)", lambda m: style + m.group(1), document, count=1, flags=re.IGNORECASE)


def pdf_facts(path):
    """(antal sidor, "bredd × höjd mm" för första sidan), mätt i den färdiga PDF:en."""
    try:
        from pypdf import PdfReader

        pages = PdfReader(path).pages
        box = pages[0].mediabox
        size = f"{round(float(box.width) * 25.4 / 72)} × {round(float(box.height) * 25.4 / 72)} mm"
        return len(pages), size
    except Exception:
        return None, None


def safe_pdf_name(text, fallback):
    stem = re.sub(r"\.pdf$", "", text.strip(), flags=re.IGNORECASE)
    stem = re.sub(r"[^\w\- ]+", "", stem, flags=re.UNICODE).strip()
    stem = re.sub(r"\s+", "-", stem)[:60].strip("-_")
    return f"{stem or fallback}.pdf"


def run_tool(input_dir, output_dir):
    inputs = read_inputs()
    files = list_input_files()
    pasted = str(inputs.get("html") or "")
    size = PAGE_SIZES.get(str(inputs.get("sidstorlek") or "A4"), "A4")
    orientation_key = str(inputs.get("orientering") or "staende")
    orientation = ORIENTATIONS.get(orientation_key, "portrait")
    outputs = []

    if files:
        f = files[0]
        if not f["name"].lower().endswith((".html", ".htm", ".xhtml", ".txt")):
            raise ToolUserError(
                f"Filen {f['name']} är ingen HTML-fil. Ladda upp en fil som slutar på .html eller .htm."
            )
        with open(f["path"], "rb") as handle:
            document = decode_text(handle.read(), f["name"], NOT_HTML)
        fallback = os.path.splitext(f["name"])[0]
        source = f["name"]
        if pasted.strip():
            outputs.append({
                "kind": "notice",
                "level": "warning",
                "message": f"Du både laddade upp en fil och klistrade in HTML. PDF:en gjordes av filen {f['name']}; den inklistrade koden användes inte.",
            })
    else:
        document, fallback, source = pasted, "dokument", "den inklistrade koden"

    if not document.strip():
        raise ToolUserError(
            "Det finns ingen HTML att göra om. Ladda upp en .html-fil eller klistra in koden i rutan, "
            "t.ex. <h1>Välkommen</h1><p>Text …</p>."
        )

    page_css = f"@page {{ size: {size} {orientation}; margin: {'1.5cm' if size == 'A5' else '2cm'}; }}"
    name = safe_pdf_name(str(inputs.get("filnamn") or "") or fallback, "dokument")
    # Att rita upp sidorna är det som tar tid (sekunder för ett långt dokument).
    progress("Gör PDF:en – sidorna ritas upp", 0.2)
    path = save_as_pdf(with_page_style(document, page_css), output_dir, name)
    progress("Räknar sidorna", 0.9)
    pages, measured = pdf_facts(path)
    orientation_text = "liggande" if orientation == "landscape" else "stående"
    pages_text = f"{pages} sid{'a' if pages == 1 else 'or'}, " if pages else ""
    measured_text = f", {measured}" if measured else ""
    outputs.insert(0, {
        "kind": "notice",
        "level": "info",
        "message": f"Klart! {name} ({pages_text}{size} {orientation_text}{measured_text}) skapades av {source}. Ladda ned filen nedan.",
    })
    if re.search(r"<script[\s>]", document, flags=re.IGNORECASE):
        outputs.append({
            "kind": "notice",
            "level": "warning",
            "message": "Sidan innehåller JavaScript. Det körs inte när PDF:en skapas, så innehåll som skapas av skript saknas i PDF:en.",
        })
    if re.search(r"""(src|href)\s*=\s*["']?https?://""", document, flags=re.IGNORECASE):
        outputs.append({
            "kind": "notice",
            "level": "warning",
            "message": "Sidan hämtar bilder eller stilmallar från internet. Det går inte här, så de saknas i PDF:en. Lägg stilen direkt i sidan (<style>) om utseendet ska följa med.",
        })
    return {"outputs": outputs}
