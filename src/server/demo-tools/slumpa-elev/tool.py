"""Slumpa elev: drar elever ur en klasslista en i taget, utan att någon dras två gånger.

Första körningen (KÖR): klasslista (fil, valfri) eller namnlista (text). Sedan åtgärderna
"dra" (fält: lagg_tillbaka) och "borja_om". Tillståndet (state) håller listan och vilka som
dragits: {"v": 1, "namn": [...], "dragna": [index, ...]}.
"""

import csv
import datetime
import io
import json
import random
import re
import unicodedata

from skriptoteket_toolkit import get_action_parts, list_input_files, read_inputs
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
# Dragningen

STATE_VERSION = 1
STATE_MAX_BYTES = 48 * 1024  # plattformens gräns är 64 KiB

DRAW_ACTION = {
    "action_id": "dra",
    "label": "Dra nästa elev",
    "kind": "form",
    "fields": [
        {"name": "lagg_tillbaka", "label": "Lägg tillbaka den senast dragna eleven (t.ex. frånvarande)", "kind": "boolean"},
    ],
    "prefill": {"lagg_tillbaka": False},
}
RESTART_ACTION = {"action_id": "borja_om", "label": "Börja om", "kind": "form", "fields": [], "prefill": {}}


def load_state(state):
    names = state.get("namn") if isinstance(state, dict) else None
    drawn = state.get("dragna") if isinstance(state, dict) else None
    if (
        not isinstance(names, list)
        or not names
        or not all(isinstance(n, str) for n in names)
        or not isinstance(drawn, list)
        or not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(names) for i in drawn)
    ):
        raise ToolUserError(
            "Klasslistan för dragningen finns inte längre. Ladda upp klasslistan och tryck KÖR igen för att börja en ny dragning."
        )
    unique = []
    for i in drawn:
        if i not in unique:
            unique.append(i)
    return names, unique


def make_state(names, drawn):
    state = {"v": STATE_VERSION, "namn": names, "dragna": drawn}
    if len(json.dumps(state, ensure_ascii=False).encode("utf-8")) > STATE_MAX_BYTES:
        raise ToolUserError("Klasslistan är för lång för dragningen. Använd en lista med en klass eller grupp åt gången.")
    return state


def history_markdown(names, drawn):
    if not drawn:
        return "*Ingen har dragits än.*"
    lines = [f"{n}. {names[i]}" for n, i in enumerate(drawn, start=1)]
    return "**Dragna hittills:**\n\n" + "\n".join(lines)


def remaining_markdown(names, drawn):
    left = [names[i] for i in range(len(names)) if i not in set(drawn)]
    if not left:
        return "**Kvar i potten:** ingen – alla har dragits."
    return f"**Kvar i potten ({len(left)}):** " + ", ".join(sorted(left, key=sv_key))


def first_run():
    inputs = read_inputs()
    names, duplicates, sources = load_class_list(list_input_files(), inputs.get("namnlista"))
    state = make_state(names, [])
    outputs = [{
        "kind": "notice",
        "level": "info",
        "message": f"{len(names)} elever i potten (från {', '.join(sources)}). Tryck på Dra nästa elev för att dra den första.",
    }]
    if duplicates:
        outputs.append({
            "kind": "notice",
            "level": "warning",
            "message": "Dessa namn stod flera gånger i listan och är bara med en gång: " + ", ".join(sorted(set(duplicates), key=sv_key)) + ".",
        })
    outputs.append({
        "kind": "table",
        "title": "Klasslistan",
        "columns": [{"key": "nr", "label": "Nr"}, {"key": "namn", "label": "Namn"}],
        "rows": [{"nr": i, "namn": n} for i, n in enumerate(names, start=1)],
    })
    return {"outputs": outputs, "next_actions": [DRAW_ACTION], "state": state}


def draw(names, drawn, action_input):
    outputs = []
    if action_input.get("lagg_tillbaka") is True and drawn:
        returned = drawn.pop()
        outputs.append({"kind": "notice", "level": "info", "message": f"{names[returned]} är tillbaka i potten och kan dras igen."})
    left = [i for i in range(len(names)) if i not in set(drawn)]
    if not left:
        outputs.append({"kind": "notice", "level": "info", "message": "Alla elever har redan dragits. Tryck på Börja om för att lägga tillbaka alla."})
        outputs.append({"kind": "markdown", "markdown": history_markdown(names, drawn)})
        return {"outputs": outputs, "next_actions": [RESTART_ACTION], "state": make_state(names, drawn)}
    pick = random.SystemRandom().choice(left)
    drawn.append(pick)
    remaining = len(names) - len(drawn)
    outputs.insert(0, {"kind": "markdown", "markdown": f"## Nästa elev\n\n# 🎯 {names[pick]}"})
    outputs.append({
        "kind": "notice",
        "level": "info",
        "message": f"Dragning {len(drawn)} av {len(names)} · {remaining} kvar i potten."
        + ("" if remaining else " Nu har alla dragits – tryck på Börja om för att lägga tillbaka alla."),
    })
    outputs.append({"kind": "markdown", "markdown": history_markdown(names, drawn) + "\n\n" + remaining_markdown(names, drawn)})
    actions = [DRAW_ACTION, RESTART_ACTION] if remaining else [RESTART_ACTION]
    return {"outputs": outputs, "next_actions": actions, "state": make_state(names, drawn)}


def restart(names):
    return {
        "outputs": [
            {"kind": "notice", "level": "info", "message": f"Alla {len(names)} elever är tillbaka i potten."},
            {"kind": "markdown", "markdown": remaining_markdown(names, [])},
        ],
        "next_actions": [DRAW_ACTION],
        "state": make_state(names, []),
    }


def run_tool(input_dir, output_dir):
    action_id, action_input, state = get_action_parts()
    if action_id is None:
        return first_run()
    names, drawn = load_state(state)
    if action_id == "dra":
        return draw(names, drawn, action_input)
    if action_id == "borja_om":
        return restart(names)
    raise ToolUserError("Okänd åtgärd. Tryck KÖR igen med klasslistan för att börja en ny dragning.")
