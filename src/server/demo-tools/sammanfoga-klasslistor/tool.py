"""Sammanfoga klasslistor: slår ihop 2–10 klasslistor (CSV/XLSX) till en lista.

Indata (formulär): klasslistor (2–10 filer), dubbletter ("ta_bort" | "markera"),
sortering ("klass" | "namn" | "ingen").
"""

import csv
import datetime
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
# Sammanfogningen

CLASS_HEADERS = {"klass", "klassnamn", "klass/grupp", "class", "basgrupp", "mentorsgrupp"}
PERSONAL_ID_HEADERS = {"personnummer", "personnr", "pnr", "personnummer/samordningsnummer", "födelsedatum", "elev-id", "elevid", "id"}
PREVIEW_ROWS = 200


def column_key(header):
    h = _norm_header(header)
    if h in CLASS_HEADERS:
        return "klass"
    if h in PERSONAL_ID_HEADERS:
        return "pnr" if h not in ("id", "elev-id", "elevid") else "id"
    return h


def is_list_header(h):
    return is_name_header(h) or h in CLASS_HEADERS


def read_list(f):
    rows = read_table_file(f["path"], f["name"], is_list_header)
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
            name = _clean_name(cell(name_cols[1]))
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
    for f in files:
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
