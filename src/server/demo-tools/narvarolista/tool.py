"""Närvarolista: en utskrivbar närvarolista (PDF) och en ifyllbar Excel-fil ur en klasslista.

Indata (formulär): klasslista (fil, valfri), namnlista (text, valfri), rubrik, startdatum
(ÅÅÅÅ-MM-DD, tomt = måndag denna vecka), upprepning ("vardagar" | "veckovis"),
antal_tillfallen (1–20).
"""

import datetime
import html
import os
import re

from skolfiler import load_class_list, sv_key
from skriptoteket_toolkit import list_input_files, read_inputs
from tool_errors import ToolUserError


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
