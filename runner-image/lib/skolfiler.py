"""Skolfiler: läser klasslistor och andra tabeller som skolsystem exporterar.

    from skolfiler import read_class_list, read_table, load_class_list

    names = read_class_list("/work/input/7B.xlsx")        # ["Anna Berg", "Ali Hassan", ...]
    rows = read_table("/work/input/betyg.csv", header={"ämne", "betyg"})
    # [{"Elev": "Anna Berg", "Ämne": "Matematik", "Betyg": "C"}, ...]
    names, duplicates, sources = load_class_list()        # alla uppladdade filer

Klarar filerna som skolsystem och Excel brukar ge: CSV och textfiler i UTF-8 (med eller utan
BOM), UTF-16 med BOM eller Windows-1252 (Excels "CSV"), avgränsade med ; , eller tabb; Excel
(.xlsx, det första bladet med en rubrikrad); titelrader ovanför rubrikraden ("Elevlista 7B");
namnkolumner som Namn, Elev, Elevnamn eller Förnamn + Efternamn; "Efternamn, Förnamn" vänds
till "Förnamn Efternamn". Fel som användaren kan rätta till (en PDF, en .xls, ingen
namnkolumn, en tom fil …) ger tool_errors.ToolUserError med ett tydligt meddelande på svenska,
så att körningen misslyckas utan traceback.

Ingen extra installation: bara standardbiblioteket, och openpyxl (som finns i bilden) läses in
först när en .xlsx-fil öppnas.

Publikt API (se varje funktions docstring):
    read_rows(path, name=None, header=None)         -> list[list[str]]  alla icke-tomma rader
    read_table(path, name=None, header=None)        -> list[dict[str, str]]  raderna under rubrikraden
    read_class_list(path, name=None)                -> list[str]  elevnamnen i en fil
    load_class_list(files=None, pasted_text=None, max_names=400)
                                                    -> (namn, dubbletter, källor)
    names_from_rows(rows, name) / names_from_text(text) / dedupe_names(names)
    decode_text(data, name, not_text=...)            -> str  en uppladdad textfils innehåll
    normalize_header(text) / find_column(headers, candidates)
    is_name_header(h) / find_name_columns(header, fuzzy=True) / find_name_header(rows)
    clean_name(raw) / sv_key(text)
"""

import csv
import datetime
import io
import os
import re
import unicodedata

from tool_errors import ToolUserError

__all__ = [
    "MAX_NAMES",
    "FULL_NAME_HEADERS",
    "FIRST_NAME_HEADERS",
    "LAST_NAME_HEADERS",
    "read_rows",
    "read_table",
    "read_class_list",
    "load_class_list",
    "names_from_rows",
    "names_from_text",
    "dedupe_names",
    "decode_text",
    "normalize_header",
    "find_column",
    "is_name_header",
    "find_name_columns",
    "find_name_header",
    "clean_name",
    "sv_key",
]

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
HEADER_SEARCH_ROWS = 15  # rubrikraden letas efter bland så här många rader överst


# ---------------------------------------------------------------------------------------------
# Rubriker och kolumner

def normalize_header(value):
    """En kolumnrubrik i jämförbar form: gemener, NFC, _ och hårt mellanslag blir mellanslag,
    tecknen : * . ( ) [ ] tas bort och blanktecken slås ihop. "Elevens_namn:" -> "elevens namn"."""
    text = unicodedata.normalize("NFC", str(value or "")).strip().lower()
    text = text.replace("_", " ").replace("\u00a0", " ")
    text = re.sub(r"[:*.()\[\]]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _header_test(header):
    """`header` som funktion av en normaliserad rubrik: None -> is_name_header; en funktion
    används som den är; en text eller en samling texter -> rubriken är (normaliserad) en av dem."""
    if header is None:
        return is_name_header
    if callable(header):
        return header
    wanted = {normalize_header(h) for h in ([header] if isinstance(header, str) else header)}
    return lambda h: h in wanted


def find_column(headers, candidates):
    """Index för den första kolumnen i `headers` vars rubrik passar, annars None.

    `candidates` är en samling rubriker, t.ex. ["Klass", "Klassnamn"] (jämförs normaliserade,
    så "KLASS:" passar "klass"; en tidigare kandidat går före en senare), eller en funktion som
    får den normaliserade rubriken och svarar True/False. `headers` kan vara en rad från
    read_rows eller nycklarna i en rad från read_table (list(rad))."""
    normalized = [normalize_header(h) for h in headers]
    if callable(candidates):
        return next((i for i, h in enumerate(normalized) if candidates(h)), None)
    for candidate in [candidates] if isinstance(candidates, str) else candidates:
        wanted = normalize_header(candidate)
        if wanted in normalized:
            return normalized.index(wanted)
    return None


def is_name_header(h):
    """Om den normaliserade rubriken `h` ser ut som en namnkolumn (Namn, Elev, Förnamn,
    Efternamn, Elevnamn …, men inte t.ex. "Vårdnadshavare namn" eller "Elevens e-post")."""
    if h in FULL_NAME_HEADERS or h in FIRST_NAME_HEADERS or h in LAST_NAME_HEADERS:
        return True
    return ("namn" in h or h.startswith("elev")) and not any(word in h for word in NOT_A_NAME_COLUMN)


def find_name_columns(header, fuzzy=True):
    """("full", index) eller ("parts", förnamn, efternamn); None om ingen namnkolumn finns.
    Med fuzzy=False räknas bara kända rubriker (Namn, Elev, Förnamn …), inte t.ex. "Elevnamn 7B"."""
    normalized = [normalize_header(h) for h in header]
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
    """(radindex, kolumner) för rubrikraden med namn bland de 15 första raderna, annars
    (None, None); kolumner som i find_name_columns. Kända rubriker går före ungefärliga (så att
    en titelrad som "Elevlista 7B" inte tas för rubrikraden)."""
    for fuzzy in (False, True):
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            found = find_name_columns(row, fuzzy=fuzzy)
            if found:
                return index, found
    return None, None


# ---------------------------------------------------------------------------------------------
# Filer: CSV/TXT/XLSX -> rader av text

def decode_text(data, name, not_text="verkar inte vara en textfil."):
    """En uppladdad fils bytes som text: UTF-8 (med eller utan BOM), UTF-16 med BOM, annars
    Windows-1252 (Excels och Anteckningars gamla standard). Ett Word-, Excel- eller PDF-dokument
    eller en binärfil ger ToolUserError("Filen <name> <not_text>"): skriv i `not_text` vad
    användaren ska ladda upp i stället."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"%PDF") or b"\x00" in data[:4096]:
        raise ToolUserError(f"Filen {name} {not_text}")
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
    return any(is_header(normalize_header(c)) for c in cells)


def _split_csv(text, is_header):
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    delimiter = None
    # Avgränsaren väljs efter rubrikraden (om vi hittar den; en rubrikrad med avgränsare går
    # före en titelrad som "Elevlista 7B"), annars efter den vanligaste.
    candidates = [line for line in lines[:HEADER_SEARCH_ROWS] if _looks_like_header_line(re.split(r"[;,\t]", line), is_header)]
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
        import openpyxl  # först här: verktyg som bara läser CSV slipper läsa in openpyxl

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
            if any(_looks_like_header_line(r, is_header) for r in rows[:HEADER_SEARCH_ROWS]):
                return rows
    finally:
        workbook.close()
    return first_with_data or []


def read_rows(path, name=None, header=None):
    """Alla icke-tomma rader i filen som listor av text (CSV, TXT eller XLSX), titelrader med.

    `name` är filnamnet som visas i felmeddelanden (standard: filnamnet i `path`; ta det från
    list_input_files() när filen är uppladdad). `header` säger vilka rubriker som hör till
    rubrikraden: None = en namnkolumn (is_name_header), en samling rubriker (t.ex.
    {"ämne", "betyg"}) eller en funktion av den normaliserade rubriken. Med den väljs
    avgränsaren (; , eller tabb) efter rubrikraden och, i en Excel-fil, det första bladet som har
    en sådan rubrik (annars det första bladet med data).

    Celler blir text: tal utan decimaler som heltal ("12"), datum som "2025-08-18", Ja/Nej,
    tomma celler som "". Tomma rader och tomma celler i slutet av en rad tas bort.
    En PDF, ett Word-dokument, en gammal .xls eller en binärfil ger ToolUserError."""
    if name is None:
        name = os.path.basename(str(path))
    is_header = _header_test(header)
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
    not_text = "verkar inte vara en textfil. Spara klasslistan som CSV (UTF-8) eller Excel (.xlsx) och försök igen."
    return _split_csv(decode_text(data, name, not_text), is_header)


def read_table(path, name=None, header=None):
    """Raderna under rubrikraden som ordböcker {rubrik: cell}, t.ex.
    [{"Elev": "Anna Berg", "Klass": "7B"}, ...]; [] för en tom fil.

    Rubrikraden är den första av de 15 översta raderna där någon rubrik passar `header` (som i
    read_rows; standard: en namnkolumn, där kända rubriker som Namn och Förnamn går före
    ungefärliga), annars den första raden. Titelrader ovanför rubrikraden hoppas över. Rubrikerna
    blir nycklar som de står i filen; en tom eller upprepad rubrik, och celler utanför rubrikraden,
    får nyckeln "Kolumn N" (N räknat från 1). Saknade celler blir "". Använd find_column för att
    hitta en kolumn oavsett stavning: rad[list(rad)[find_column(list(rad), ["Klass"])]]."""
    rows = read_rows(path, name, header)
    if not rows:
        return []
    if header is None:
        header_index = find_name_header(rows)[0]
    else:
        is_header = _header_test(header)
        header_index = next(
            (i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if _looks_like_header_line(row, is_header)), None
        )
    header_index = header_index or 0
    width = max(len(row) for row in rows[header_index:])
    keys, used = [], set()
    for i in range(width):
        label = rows[header_index][i].strip() if i < len(rows[header_index]) else ""
        if not label or label in used:
            label, n = f"Kolumn {i + 1}", 2
            while label in used:
                label, n = f"Kolumn {i + 1} ({n})", n + 1
        used.add(label)
        keys.append(label)
    return [
        {key: (row[i] if i < len(row) else "") for i, key in enumerate(keys)}
        for row in rows[header_index + 1:]
    ]


# ---------------------------------------------------------------------------------------------
# Klasslistor: rader -> elevnamn

def _flip_last_first(name):
    match = re.fullmatch(r"([^,]+),\s*([^,]+)", name)
    return f"{match.group(2).strip()} {match.group(1).strip()}" if match else name


def clean_name(raw):
    """Ett namn som det ska visas: blanktecken ihopslagna, citattecken och numrering ("1. ",
    "- ") borttagna, och "Efternamn, Förnamn" vänt till "Förnamn Efternamn"."""
    name = re.sub(r"\s+", " ", raw).strip().strip('"').strip()
    name = re.sub(r"^(\d+[.)]\s*|[-*•]\s+)", "", name).strip()
    return _flip_last_first(name)


def names_from_rows(rows, name):
    """Elevnamnen i en uppläst fil (rader från read_rows): letar upp rubrikraden och
    namnkolumnen (eller Förnamn + Efternamn); en lista utan rubrik med en kolumn tas som ett
    namn per rad. Rader som börjar med Totalt/Summa/Antal hoppas över; namn kortas till 80 tecken.
    `name` är filnamnet i felmeddelandena. Tom fil eller ingen namnkolumn -> ToolUserError."""
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
        cleaned = clean_name(raw)
        if cleaned:
            names.append(cleaned[:80])
    return names


def read_class_list(path, name=None):
    """Elevnamnen i en klasslista (CSV, TXT eller XLSX) i filens ordning, dubbletter kvar:
    read_rows + names_from_rows. ["Anna Berg", "Ali Hassan", ...]"""
    if name is None:
        name = os.path.basename(str(path))
    return names_from_rows(read_rows(path, name), name)


def names_from_text(text):
    """Namn ur inklistrad text: ett per rad (eller kommaseparerade på en rad); det som står
    efter en tabb tas bort och en rubrik som "Namn" hoppas över."""
    lines = [line for line in str(text or "").splitlines() if line.strip()]
    if len(lines) == 1 and "," in lines[0] and not re.fullmatch(r"[^,]+,\s*[^,\s]+", lines[0].strip()):
        lines = lines[0].split(",")
    names = []
    for line in lines:
        cleaned = clean_name(line.split("\t")[0])
        if cleaned and normalize_header(cleaned) not in FULL_NAME_HEADERS:
            names.append(cleaned[:80])
    return names


def dedupe_names(names):
    """(unika namn i ordning, dubbletterna) – skiftläget spelar ingen roll."""
    seen, unique, duplicates = set(), [], []
    for n in names:
        key = n.casefold()
        if key in seen:
            duplicates.append(n)
            continue
        seen.add(key)
        unique.append(n)
    return unique, duplicates


def load_class_list(files=None, pasted_text=None, max_names=MAX_NAMES):
    """Namnen från uppladdade filer och/eller inklistrad text; (namn, dubbletter, källor).

    `files`: list_input_files() (standard när None) eller en lista med sökvägar. Namnen slås
    ihop och dubbletter tas bort (de returneras för en varning); `källor` är filnamnen plus
    "inklistrad lista". ToolUserError när det inte finns någon lista, inga namn, eller fler än
    `max_names` namn."""
    if files is None:
        from skriptoteket_toolkit import list_input_files

        files = list_input_files()
    names, sources = [], []
    for f in files:
        path, name = (f, os.path.basename(str(f))) if isinstance(f, (str, os.PathLike)) else (f["path"], f["name"])
        names.extend(names_from_rows(read_rows(path, name), name))
        sources.append(name)
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
    if len(names) > max_names:
        raise ToolUserError(
            f"Listan har {len(names)} namn; verktyget klarar högst {max_names}. "
            "Dela upp listan per klass eller grupp."
        )
    return names, duplicates, sources


# ---------------------------------------------------------------------------------------------
# Sortering

SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "è": "e", "ü": "y"})


def sv_key(text):
    """Sorteringsnyckel i svensk ordning (å, ä, ö sist; é som e), utan hänsyn till skiftläge:
    sorted(names, key=sv_key)."""
    return str(text).lower().translate(SWEDISH_ORDER)
