"""Sammanfoga klasslistor: slår ihop 2–10 klasslistor (CSV/XLSX) till en lista.

Indata (formulär): klasslistor (2–10 filer), dubbletter ("ta_bort" | "markera"),
sortering ("klass" | "namn" | "ingen").
"""

import csv
import os
import re

from skolfiler import clean_name, find_name_header, is_name_header, normalize_header, read_rows, sv_key
from skriptoteket_toolkit import list_input_files, progress, read_inputs
from tool_errors import ToolUserError


# ---------------------------------------------------------------------------------------------
# Sammanfogningen

CLASS_HEADERS = {"klass", "klassnamn", "klass/grupp", "class", "basgrupp", "mentorsgrupp"}
PERSONAL_ID_HEADERS = {"personnummer", "personnr", "pnr", "personnummer/samordningsnummer", "födelsedatum", "elev-id", "elevid", "id"}
PREVIEW_ROWS = 200


def column_key(header):
    h = normalize_header(header)
    if h in CLASS_HEADERS:
        return "klass"
    if h in PERSONAL_ID_HEADERS:
        return "pnr" if h not in ("id", "elev-id", "elevid") else "id"
    return h


def is_list_header(h):
    return is_name_header(h) or h in CLASS_HEADERS


def read_list(f):
    rows = read_rows(f["path"], f["name"], is_list_header)
    if not rows:
        raise ToolUserError(f"Filen {f['name']} är tom. Kontrollera att du valt rätt fil.")
    header_index, name_cols = find_name_header(rows)
    if name_cols is None and all(len(r) == 1 for r in rows):
        # En enkel lista utan rubrik: ett namn per rad.
        header_index, name_cols = -1, ("full", 0)
    if name_cols is None:
        shown = ", ".join(f"'{c}'" for c in rows[0][:12] if c) or "(inga)"
        raise ToolUserError(
            f"Hittar ingen kolumn med elevernas namn i {f['name']}. Döp kolumnen till 'Namn' eller 'Elev' "
            f"(eller använd 'Förnamn' och 'Efternamn'). Första raden i filen innehåller: {shown}."
        )
    header = rows[header_index] if header_index >= 0 else ["Namn"]
    name_indexes = {name_cols[1]} if name_cols[0] == "full" else {name_cols[1], name_cols[2]}
    columns, used = [], set()  # (index, key, label) för övriga kolumner
    for i, label in enumerate(header):
        if i in name_indexes or not label.strip():
            continue
        key, n = column_key(label), 2
        while key in used:
            key, n = f"{column_key(label)} ({n})", n + 1
        used.add(key)
        columns.append((i, key, label.strip()))
    records = []
    for row in rows[header_index + 1:]:
        def cell(i):
            return row[i].strip() if i < len(row) else ""

        if name_cols[0] == "parts":
            name = re.sub(r"\s+", " ", f"{cell(name_cols[1])} {cell(name_cols[2])}").strip()
        else:
            name = clean_name(cell(name_cols[1]))
        if not name or re.match(r"^(totalt|summa|antal)\b", name.lower()):
            continue
        values = {key: cell(i) for i, key, _label in columns}
        records.append({"namn": name, "values": values, "kalla": f["name"]})
    return records, columns


def personal_id(record):
    digits = re.sub(r"\D", "", record["values"].get("pnr", ""))
    return digits[-10:] if len(digits) >= 10 else ""


def surname_key(name):
    """Efternamn först (sista ordet i namnet), som i de flesta klasslistor."""
    parts = name.split()
    return (sv_key(parts[-1]) if parts else "", sv_key(name))


def find_earlier(record, by_pnr, by_name):
    """Samma elev som en tidigare rad: samma personnummer, eller samma namn när någon av
    raderna saknar personnummer."""
    pnr = personal_id(record)
    if pnr and pnr in by_pnr:
        return by_pnr[pnr]
    earlier = by_name.get(record["namn"].casefold())
    if earlier is not None and not (pnr and personal_id(earlier)):
        return earlier
    return None


def write_outputs(output_dir, headers, rows):
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    os.makedirs(output_dir, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "Klasslista"
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        ws.append(row)
    for col_index, label in enumerate(headers, start=1):
        width = max([len(str(label))] + [len(str(r[col_index - 1])) for r in rows[:500]]) + 2
        ws.column_dimensions[ws.cell(row=1, column=col_index).column_letter].width = min(45, max(8, width))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.save(os.path.join(output_dir, "sammanfogad-klasslista.xlsx"))
    # CSV med BOM och semikolon: öppnas rätt i svenskt Excel med ett dubbelklick.
    with open(os.path.join(output_dir, "sammanfogad-klasslista.csv"), "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        writer.writerows(rows)


def run_tool(input_dir, output_dir):
    inputs = read_inputs()
    files = list_input_files()
    if len(files) < 2:
        raise ToolUserError(
            "Ladda upp minst två klasslistor (Excel eller CSV) som ska slås ihop. "
            "Du kan markera flera filer samtidigt i filväljaren."
        )
    duplicates_mode = "markera" if inputs.get("dubbletter") == "markera" else "ta_bort"
    sort_mode = inputs.get("sortering") if inputs.get("sortering") in ("klass", "namn", "ingen") else "klass"

    all_records, column_order, labels, seen_in = [], [], {}, {}
    for number, f in enumerate(files, start=1):
        # Stora Excel-filer tar någon sekund var: läraren ser vilken fil som läses.
        progress(f"Läser fil {number} av {len(files)}: {f['name']}", (number - 1) / (len(files) + 1))
        records, columns = read_list(f)
        if not records:
            raise ToolUserError(f"Filen {f['name']} har en namnkolumn men inga namn under rubriken. Kontrollera filen.")
        all_records += records
        for _i, key, label in columns:
            if key not in labels:
                labels[key] = "Klass" if key == "klass" else label
                column_order.append(key)
            seen_in.setdefault(key, set()).add(f["name"])

    merged, duplicate_rows, by_pnr, by_name = [], [], {}, {}
    for record in all_records:
        first = find_earlier(record, by_pnr, by_name)
        if first is not None:
            duplicate_rows.append({"namn": record["namn"], "forst": first["kalla"], "aven": record["kalla"]})
            if duplicates_mode == "ta_bort":
                for key, value in record["values"].items():
                    if value and not first["values"].get(key):
                        first["values"][key] = value  # fyll i det som saknades i första raden
                if record["kalla"] not in first["kallor"]:
                    first["kallor"].append(record["kalla"])
                continue
            record["dubblett"] = "Ja"
            first["dubblett"] = "Ja"
        record["kallor"] = [record["kalla"]]
        if personal_id(record):
            by_pnr.setdefault(personal_id(record), record)
        by_name.setdefault(record["namn"].casefold(), record)
        merged.append(record)

    if sort_mode == "klass":
        merged.sort(key=lambda r: (sv_key(r["values"].get("klass", "")), surname_key(r["namn"])))
    elif sort_mode == "namn":
        merged.sort(key=lambda r: surname_key(r["namn"]))

    headers = ["Namn"] + [labels[k] for k in column_order] + ["Källa"]
    if duplicates_mode == "markera":
        headers.append("Dubblett")
    rows = []
    for r in merged:
        row = [r["namn"]] + [r["values"].get(k, "") for k in column_order] + [", ".join(r["kallor"])]
        if duplicates_mode == "markera":
            row.append(r.get("dubblett", ""))
        rows.append(row)
    progress("Skriver den sammanfogade listan (Excel och CSV)", len(files) / (len(files) + 1))
    write_outputs(output_dir, headers, rows)

    outputs = []
    message = f"{len(merged)} elever från {len(files)} filer ({len(all_records)} rader totalt)."
    if duplicate_rows:
        word = "dubblett" if len(duplicate_rows) == 1 else "dubbletter"
        message += (
            f" {len(duplicate_rows)} {word} togs bort." if duplicates_mode == "ta_bort"
            else f" {len(duplicate_rows)} {word} är markerade i kolumnen Dubblett."
        )
    outputs.append({"kind": "notice", "level": "info", "message": message})
    partial = [labels[k] for k in column_order if len(seen_in[k]) < len(files)]
    if partial:
        outputs.append({
            "kind": "notice",
            "level": "info",
            "message": "Några kolumner fanns inte i alla filer och är tomma för elever från de andra filerna: "
            + ", ".join(f"'{p}'" for p in partial) + ".",
        })
    if duplicate_rows:
        outputs.append({
            "kind": "table",
            "title": "Dubbletter (samma personnummer, eller samma namn om personnummer saknas)",
            "columns": [{"key": "namn", "label": "Namn"}, {"key": "forst", "label": "Först i"}, {"key": "aven", "label": "Även i"}],
            "rows": duplicate_rows[:PREVIEW_ROWS],
        })
    keys = [f"c{i}" for i in range(len(headers))]
    outputs.append({
        "kind": "table",
        "title": "Sammanfogad klasslista" + (f" (de första {PREVIEW_ROWS} raderna)" if len(rows) > PREVIEW_ROWS else ""),
        "columns": [{"key": k, "label": h} for k, h in zip(keys, headers)][:40],
        "rows": [dict(zip(keys, row)) for row in rows[:PREVIEW_ROWS]],
    })
    outputs.append({
        "kind": "markdown",
        "markdown": "**Ladda ned:** `sammanfogad-klasslista.xlsx` (med filter på rubrikraden) eller "
        "`sammanfogad-klasslista.csv` (semikolonseparerad, öppnas direkt i Excel).",
    })
    return {"outputs": outputs}
