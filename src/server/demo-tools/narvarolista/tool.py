"""Närvarolista: en utskrivbar närvarolista (PDF) och en ifyllbar Excel-fil ur en klasslista.

Indata (formulär): klasslista (fil, valfri), namnlista (text, valfri), rubrik, startdatum
(ÅÅÅÅ-MM-DD, tomt = måndag denna vecka), upprepning ("vardagar" | "veckovis"),
antal_tillfallen (1–20).
"""

import csv
import datetime
import html
import io
import os
import re
import unicodedata

from skriptoteket_toolkit import list_input_files, read_inputs
from tool_errors import ToolUserError

# ===== KLASSLISTA START =====
# Läser klasslistor (CSV/TXT/XLSX, BOM, ; , eller tabb, UTF-8/cp1252). Ett verktyg är en enda fil,
# så samma block finns ordagrant i flera verktyg; ett test ser till att kopiorna är lika.

MAX_NAMES = 400
FULL_NAME_HEADERS = {
    "namn", "elev", "elever", "elevnamn", "elevens namn", "elev namn", "fullständigt namn",
    "för- och efternamn", "för och efternamn", "förnamn och efternamn", "efternamn förnamn",
    "efternamn och förnamn", "name", "full name", "student", "students", "deltagare", "barn",
    "barnets namn", "elevens för- och efternamn",
}
FIRST_NAME_HEADERS = {"förnamn", "fornamn", "tilltalsnamn", "first name", "firstname", "given name"}
LAST_NAME_HEADERS = {"efternamn", "last name", "lastname", "surname", "family name"}
NOT_A_NAME_COLUMN = (
    "vårdnadshavare", "vh", "förälder", "föräldrar", "mentor", "lärare", "skola", "klass",
    "e-post", "epost", "mail", "mejl", "telefon", "mobil", "adress", "personnummer", "nummer",
    "id", "grupp", "kommun", "ort",
)


def _norm_header(value):
    text = unicodedata.normalize("NFC", str(value or "")).strip().lower()
    text = text.replace("_", " ").replace("\u00a0", " ")
    text = re.sub(r"[:*.()\[\]]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _decode_text(data, name):
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if b"\x00" in data[:4096]:
        raise ToolUserError(
            f"Filen {name} verkar inte vara en textfil. Spara klasslistan som CSV (UTF-8) "
            "eller Excel (.xlsx) och försök igen."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ", "minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ").strip()


def _clean_rows(rows):
    cleaned = []
    for row in rows:
        cells = [_cell_text(c) for c in row]
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            cleaned.append(cells)
    return cleaned


def _looks_like_header_line(cells, is_header):
    return any(is_header(_norm_header(c)) for c in cells)


def _split_csv(text, is_header):
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    delimiter = None
    # Avgränsaren väljs efter rubrikraden (om vi hittar den; en rubrikrad med avgränsare går
    # före en titelrad som "Elevlista 7B"), annars efter den vanligaste.
    candidates = [line for line in lines[:15] if _looks_like_header_line(re.split(r"[;,\t]", line), is_header)]
    header_line = next((line for line in candidates if re.search(r"[;,\t]", line)), candidates[0] if candidates else None)
    if header_line is not None:
        counts = {d: header_line.count(d) for d in (";", "\t", ",")}
        best = max(counts, key=lambda d: counts[d])
        delimiter = best if counts[best] > 0 else None
    elif all(re.fullmatch(r"\s*[^\W\d_][\w' .-]*,\s*[^\W\d_][\w' .-]*\s*", line) and not re.search(r"\d", line) for line in lines):
        delimiter = None  # en lista med "Efternamn, Förnamn" på varje rad
    else:
        sample = lines[:20]
        best_score = 0
        for d in (";", "\t", ","):
            score = sum(1 for line in sample if d in line)
            if score > best_score:
                best_score, delimiter = score, d
    if delimiter is None:
        return _clean_rows([[line] for line in text.splitlines()])
    return _clean_rows(csv.reader(io.StringIO(text), delimiter=delimiter))


def _read_xlsx(path, name, is_header):
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise ToolUserError(
            f"Excel-filen {name} gick inte att öppna. Kontrollera att den inte är lösenordsskyddad "
            "eller skadad, och spara den som .xlsx (eller CSV) igen."
        )
    first_with_data = None
    try:
        for sheet in workbook.worksheets:
            rows = _clean_rows(sheet.iter_rows(values_only=True))
            if not rows:
                continue
            if first_with_data is None:
                first_with_data = rows
            if any(_looks_like_header_line(r, is_header) for r in rows[:15]):
                return rows
    finally:
        workbook.close()
    return first_with_data or []


def read_table_file(path, name, is_header):
    """Alla icke-tomma rader i filen som listor av text (CSV, TXT eller XLSX)."""
    with open(path, "rb") as handle:
        data = handle.read()
    lower = name.lower()
    if data.startswith(b"PK\x03\x04"):
        if lower.endswith((".docx", ".odt", ".pptx")):
            raise ToolUserError(
                f"Filen {name} är ett textdokument. Ladda upp klasslistan som Excel (.xlsx) eller CSV."
            )
        return _read_xlsx(path, name, is_header)
    if data.startswith(b"\xd0\xcf\x11\xe0") or lower.endswith(".xls"):
        raise ToolUserError(
            f"Filen {name} är i det gamla Excel-formatet (.xls). Öppna den i Excel och välj "
            "Spara som → Excel-arbetsbok (.xlsx) eller CSV, och ladda upp den nya filen."
        )
    if data.startswith(b"%PDF"):
        raise ToolUserError(
            f"Filen {name} är en PDF. Verktyget behöver en klasslista som Excel (.xlsx), CSV eller "
            "textfil – de flesta skolsystem kan exportera klasslistan till Excel."
        )
    return _split_csv(_decode_text(data, name), is_header)


def is_name_header(h):
    if h in FULL_NAME_HEADERS or h in FIRST_NAME_HEADERS or h in LAST_NAME_HEADERS:
        return True
    return ("namn" in h or h.startswith("elev")) and not any(word in h for word in NOT_A_NAME_COLUMN)


def _flip_last_first(name):
    match = re.fullmatch(r"([^,]+),\s*([^,]+)", name)
    return f"{match.group(2).strip()} {match.group(1).strip()}" if match else name


def _clean_name(raw):
    name = re.sub(r"\s+", " ", raw).strip().strip('"').strip()
    name = re.sub(r"^(\d+[.)]\s*|[-*•]\s+)", "", name).strip()
    return _flip_last_first(name)


def find_name_columns(header, fuzzy=True):
    """("full", index) eller ("parts", förnamn, efternamn); None om ingen namnkolumn finns.
    Med fuzzy=False räknas bara kända rubriker (Namn, Elev, Förnamn …), inte t.ex. "Elevnamn 7B"."""
    normalized = [_norm_header(h) for h in header]
    for i, h in enumerate(normalized):
        if h in FULL_NAME_HEADERS:
            return ("full", i)
    first = next((i for i, h in enumerate(normalized) if h in FIRST_NAME_HEADERS), None)
    last = next((i for i, h in enumerate(normalized) if h in LAST_NAME_HEADERS), None)
    if first is not None and last is not None:
        return ("parts", first, last)
    if first is not None:
        return ("full", first)
    if last is not None:
        return ("full", last)
    if not fuzzy:
        return None
    for i, h in enumerate(normalized):
        if is_name_header(h):
            return ("full", i)
    return None


def find_name_header(rows):
    """(radindex, kolumner) för rubrikraden med namn bland de 15 första raderna; kända rubriker
    går före ungefärliga (så att en titelrad som "Elevlista 7B" inte tas för rubrikraden)."""
    for fuzzy in (False, True):
        for index, row in enumerate(rows[:15]):
            found = find_name_columns(row, fuzzy=fuzzy)
            if found:
                return index, found
    return None, None


def names_from_rows(rows, name):
    """Elevnamnen i en uppläst fil: letar upp rubrikraden och namnkolumnen."""
    if not rows:
        raise ToolUserError(f"Filen {name} är tom. Kontrollera att du valt rätt fil.")
    header_index, columns = find_name_header(rows)
    if columns is None:
        if all(len(r) == 1 for r in rows):
            # En enkel lista utan rubrik: ett namn per rad.
            header_index, columns = -1, ("full", 0)
        else:
            shown = ", ".join(f"'{c}'" for c in rows[0][:12] if c) or "(inga)"
            raise ToolUserError(
                f"Hittar ingen kolumn med elevernas namn i {name}. Döp kolumnen till 'Namn' eller "
                f"'Elev' (eller använd två kolumner: 'Förnamn' och 'Efternamn'). "
                f"Första raden i filen innehåller: {shown}."
            )
    names = []
    for row in rows[header_index + 1:]:
        def cell(i):
            return row[i].strip() if i < len(row) else ""

        if columns[0] == "parts":
            raw = f"{cell(columns[1])} {cell(columns[2])}".strip()
        else:
            raw = cell(columns[1])
        if not raw or re.match(r"^(totalt|summa|antal)\b", raw.lower()):
            continue
        cleaned = _clean_name(raw)
        if cleaned:
            names.append(cleaned[:80])
    return names


def names_from_text(text):
    lines = [line for line in str(text or "").splitlines() if line.strip()]
    if len(lines) == 1 and "," in lines[0] and not re.fullmatch(r"[^,]+,\s*[^,\s]+", lines[0].strip()):
        lines = lines[0].split(",")
    names = []
    for line in lines:
        cleaned = _clean_name(line.split("\t")[0])
        if cleaned and _norm_header(cleaned) not in FULL_NAME_HEADERS:
            names.append(cleaned[:80])
    return names


def dedupe_names(names):
    seen, unique, duplicates = set(), [], []
    for n in names:
        key = n.casefold()
        if key in seen:
            duplicates.append(n)
            continue
        seen.add(key)
        unique.append(n)
    return unique, duplicates


def load_class_list(files, pasted_text):
    """Namnen från uppladdade filer och/eller inklistrad text; (namn, dubbletter, källor)."""
    names, sources = [], []
    for f in files:
        names.extend(names_from_rows(read_table_file(f["path"], f["name"], is_name_header), f["name"]))
        sources.append(f["name"])
    if str(pasted_text or "").strip():
        names.extend(names_from_text(pasted_text))
        sources.append("inklistrad lista")
    if not sources:
        raise ToolUserError(
            "Ingen klasslista. Ladda upp en fil (Excel eller CSV med en kolumn 'Namn') "
            "eller klistra in elevernas namn, ett per rad."
        )
    names, duplicates = dedupe_names(names)
    if not names:
        raise ToolUserError(
            "Klasslistan innehåller inga namn. Kontrollera att kolumnen 'Namn' (eller 'Elev') "
            "har elevernas namn under rubriken."
        )
    if len(names) > MAX_NAMES:
        raise ToolUserError(
            f"Listan har {len(names)} namn; verktyget klarar högst {MAX_NAMES}. "
            "Dela upp listan per klass eller grupp."
        )
    return names, duplicates, sources


SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "è": "e", "ü": "y"})


def sv_key(text):
    return str(text).lower().translate(SWEDISH_ORDER)
# ===== KLASSLISTA SLUT =====

# ---------------------------------------------------------------------------------------------
# Datum och listor

WEEKDAYS = ["mån", "tis", "ons", "tor", "fre", "lör", "sön"]
WEEKDAYS_LONG = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
DATES_PER_PAGE = 10
CODES = [("N", "närvarande"), ("F", "frånvarande"), ("G", "giltig frånvaro"), ("S", "sen ankomst")]


def parse_start(text, today):
    value = str(text or "").strip()
    if not value:
        # Måndag denna vecka; på lördag och söndag nästa veckas måndag.
        monday = today - datetime.timedelta(days=today.weekday())
        return monday + datetime.timedelta(days=7) if today.weekday() >= 5 else monday
    iso = re.fullmatch(r"(\d{4})-?(\d{1,2})-?(\d{1,2})", value)
    short = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?", value)
    try:
        if iso:
            return datetime.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if short:
            year = int(short.group(3)) if short.group(3) else today.year
            year = year + 2000 if year < 100 else year
            return datetime.date(year, int(short.group(2)), int(short.group(1)))
    except ValueError:
        pass
    raise ToolUserError(
        f"Startdatumet '{value}' gick inte att tolka. Skriv det som ÅÅÅÅ-MM-DD, t.ex. 2025-09-01 "
        "(eller lämna fältet tomt för måndag den här veckan)."
    )


def lesson_dates(start, repeat, count):
    dates, day = [], start
    if repeat == "veckovis":
        return [start + datetime.timedelta(weeks=i) for i in range(count)]
    while len(dates) < count:
        if day.weekday() < 5:
            dates.append(day)
        day += datetime.timedelta(days=1)
    return dates


def short_label(day):
    return f"{WEEKDAYS[day.weekday()]} {day.day}/{day.month}"


def pdf_document(title, names, dates):
    pages = []
    chunks = [dates[i:i + DATES_PER_PAGE] for i in range(0, len(dates), DATES_PER_PAGE)]
    for page_number, chunk in enumerate(chunks, start=1):
        head = "".join(f"<th class='d'>{html.escape(WEEKDAYS[d.weekday()])}<br>{d.day}/{d.month}</th>" for d in chunk)
        body = []
        for i, name in enumerate(names, start=1):
            cells = "".join("<td class='d'></td>" for _ in chunk)
            body.append(f"<tr><td class='nr'>{i}</td><td class='namn'>{html.escape(name)}</td>{cells}<td class='k'></td></tr>")
        part = f" (del {page_number} av {len(chunks)})" if len(chunks) > 1 else ""
        pages.append(
            f"<section><h1>{html.escape(title)}{part}</h1>"
            f"<div class='sub'>{len(names)} elever · {short_label(chunk[0])} – {short_label(chunk[-1])} {chunk[-1].year}</div>"
            f"<table><thead><tr><th class='nr'>Nr</th><th class='namn'>Namn</th>{head}<th class='k'>Kommentar</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
            f"<div class='legend'>{' · '.join(f'<b>{c}</b> = {t}' for c, t in CODES)}</div></section>"
        )
    return f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
  @page {{ size: A4 landscape; margin: 1.2cm 1.2cm 1.4cm 1.2cm;
          @bottom-right {{ content: "Sida " counter(page) " av " counter(pages); font-size: 8pt; color: #666; }} }}
  body {{ font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 10pt; }}
  section {{ break-after: page; }}
  section:last-child {{ break-after: auto; }}
  h1 {{ font-size: 16pt; margin: 0; }}
  .sub {{ color: #555; font-size: 9pt; margin: 2pt 0 8pt 0; }}
  table {{ border-collapse: collapse; width: 100%; }}
  th, td {{ border: 0.75pt solid #444; padding: 3pt 4pt; height: 15pt; }}
  thead th {{ background: #e8eef7; font-size: 8.5pt; }}
  tbody tr:nth-child(even) td {{ background: #f6f6f6; }}
  .nr {{ width: 18pt; text-align: right; color: #555; }}
  .namn {{ width: 150pt; text-align: left; white-space: nowrap; }}
  .d {{ width: 34pt; text-align: center; }}
  .k {{ min-width: 80pt; }}
  .legend {{ margin-top: 6pt; font-size: 8.5pt; color: #333; }}
</style></head><body>{''.join(pages)}</body></html>"""


def write_xlsx(path, title, names, dates):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Närvaro"
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value="Koder: " + ", ".join(f"{c} = {t}" for c, t in CODES)).font = Font(italic=True, color="555555")
    header_row = 4
    headers = ["Nr", "Namn"] + [short_label(d) for d in dates] + ["Antal F", "Antal G", "Antal S", "Kommentar"]
    thin = Side(style="thin", color="999999")
    fill = PatternFill("solid", fgColor="DDEBF7")
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=header_row, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    first_date_col, last_date_col = 3, 2 + len(dates)
    first_row, last_row = header_row + 1, header_row + len(names)
    for i, name in enumerate(names, start=1):
        row = header_row + i
        ws.cell(row=row, column=1, value=i)
        ws.cell(row=row, column=2, value=name)
        span = f"{get_column_letter(first_date_col)}{row}:{get_column_letter(last_date_col)}{row}"
        for offset, code in enumerate(("F", "G", "S")):
            ws.cell(row=row, column=last_date_col + 1 + offset, value=f'=COUNTIF({span},"{code}")')
        for col in range(1, len(headers) + 1):
            ws.cell(row=row, column=col).border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if first_date_col <= col <= last_date_col:
                ws.cell(row=row, column=col).alignment = Alignment(horizontal="center")
    validation = DataValidation(type="list", formula1='"N,F,G,S"', allow_blank=True, showErrorMessage=True,
                                errorTitle="Okänd kod", error="Skriv N, F, G eller S.")
    ws.add_data_validation(validation)
    validation.add(f"{get_column_letter(first_date_col)}{first_row}:{get_column_letter(last_date_col)}{last_row}")
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = max(18, min(40, max(len(n) for n in names) + 2))
    for col in range(first_date_col, last_date_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = 9
    for col in range(last_date_col + 1, last_date_col + 4):
        ws.column_dimensions[get_column_letter(col)].width = 8
    ws.column_dimensions[get_column_letter(last_date_col + 4)].width = 30
    ws.freeze_panes = ws.cell(row=first_row, column=first_date_col)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    wb.save(path)


def run_tool(input_dir, output_dir):
    inputs = read_inputs()
    names, duplicates, sources = load_class_list(list_input_files(), inputs.get("namnlista"))
    today = datetime.date.today()
    start = parse_start(inputs.get("startdatum"), today)
    repeat = "veckovis" if inputs.get("upprepning") == "veckovis" else "vardagar"
    count = inputs.get("antal_tillfallen")
    try:
        count = 5 if count in (None, "") or isinstance(count, bool) else int(count)
    except (TypeError, ValueError):
        raise ToolUserError("Antal tillfällen ska vara ett heltal mellan 1 och 20.")
    if not 1 <= count <= 20:
        raise ToolUserError("Antal tillfällen ska vara mellan 1 och 20.")
    if repeat == "vardagar" and start.weekday() >= 5:
        raise ToolUserError(
            f"Startdatumet {start.isoformat()} är en {WEEKDAYS_LONG[start.weekday()]}. Välj en vardag, "
            "eller välj upprepningen 'En gång i veckan'."
        )
    dates = lesson_dates(start, repeat, count)
    title = str(inputs.get("rubrik") or "").strip()[:120] or "Närvarolista"

    os.makedirs(output_dir, exist_ok=True)
    write_xlsx(os.path.join(output_dir, "narvarolista.xlsx"), title, names, dates)
    from pdf_helper import save_as_pdf

    save_as_pdf(pdf_document(title, names, dates), output_dir, "narvarolista.pdf")

    how = "varje vardag" if repeat == "vardagar" else f"varje {WEEKDAYS_LONG[start.weekday()]}"
    outputs = [{
        "kind": "notice",
        "level": "info",
        "message": f"Närvarolista för {len(names)} elever och {len(dates)} tillfällen ({how}, "
        f"{dates[0].isoformat()} – {dates[-1].isoformat()}). Skriv ut PDF:en, eller fyll i Excel-filen där "
        "frånvaron räknas ihop automatiskt.",
    }]
    if duplicates:
        outputs.append({
            "kind": "notice",
            "level": "warning",
            "message": "Dessa namn stod flera gånger i listan och är bara med en gång: " + ", ".join(sorted(set(duplicates), key=sv_key)) + ".",
        })
    outputs.append({
        "kind": "notice",
        "level": "info",
        "message": "Tänk på att helgdagar och lovdagar inte hoppas över – stryk dem på utskriften vid behov.",
    })
    outputs.append({
        "kind": "table",
        "title": title,
        "columns": [{"key": "nr", "label": "Nr"}, {"key": "namn", "label": "Namn"}],
        "rows": [{"nr": i, "namn": n} for i, n in enumerate(names, start=1)],
    })
    outputs.append({
        "kind": "markdown",
        "markdown": "**Datum:** " + ", ".join(f"{WEEKDAYS_LONG[d.weekday()]} {d.day}/{d.month}" for d in dates)
        + "\n\n**Ladda ned:** `narvarolista.pdf` (A4 liggande, för utskrift) och `narvarolista.xlsx` "
        "(välj N, F, G eller S i rutorna).",
    })
    return {"outputs": outputs}
