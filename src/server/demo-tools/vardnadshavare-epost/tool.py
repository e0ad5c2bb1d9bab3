"""Vårdnadshavares e-post: en färdig Bcc-rad ur en eller flera klasslistor.

Indata (formulär): klasslistor (1–10 filer, CSV/XLSX), separator (";" eller ","),
ta_med_elevadresser (bool).
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
# E-postadresser

EMAIL_WORDS = ("e-post", "epost", "e post", "email", "e-mail", "mejl", "mail")
GUARDIAN_WORDS = ("vårdnadshavare", "vh", "förälder", "föräldrar", "guardian", "parent", "målsman", "kontakt")
STUDENT_WORDS = ("elev", "student", "barn")
CLASS_HEADERS = {"klass", "klassnamn", "klass/grupp", "grupp", "mentorsgrupp", "basgrupp", "class"}
OUTLOOK_MAX_RECIPIENTS = 500
TABLE_MAX_ROWS = 700

LOCAL_PART = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
DOMAIN = re.compile(r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
DOMAIN_TYPOS = {
    "gmail.con": "gmail.com", "gmail.co": "gmail.com", "gmial.com": "gmail.com", "gmal.com": "gmail.com",
    "gamil.com": "gmail.com", "gmail.se": "gmail.com", "gnail.com": "gmail.com",
    "hotmial.com": "hotmail.com", "hotmai.com": "hotmail.com", "hotmail.con": "hotmail.com",
    "hotmal.com": "hotmail.com", "hotmial.se": "hotmail.se", "outlook.con": "outlook.com",
    "outlok.com": "outlook.com", "yahoo.con": "yahoo.com", "icloud.con": "icloud.com",
    "live.con": "live.com", "telia.con": "telia.com",
}


def is_email_header(h):
    return any(word in h for word in EMAIL_WORDS)


def is_student_email_header(h):
    """Elevens egen adress, t.ex. 'Elevens e-post' (men inte 'Vårdnadshavare till elev e-post')."""
    return any(word in h for word in STUDENT_WORDS) and not any(word in h for word in GUARDIAN_WORDS)


def is_relevant_header(h):
    return is_email_header(h) or is_name_header(h)


def check_address(raw):
    """(adress i gemener, None) om giltig, annars (None, problem på svenska)."""
    address = raw.strip().strip("<>\"'()[]").rstrip(".").strip().lower()
    if address.startswith("mailto:"):
        address = address[len("mailto:"):]
    if not address:
        return None, None
    if "@" not in address:
        return None, "saknar @"
    if address.count("@") > 1:
        return None, "har mer än ett @ – två adresser ihop?"
    local, domain = address.split("@")
    if not local:
        return None, "saknar namnet före @"
    if not domain:
        return None, "saknar domän efter @ (t.ex. gmail.com)"
    if re.search(r"[åäöéü]", address):
        return None, "innehåller å, ä, ö eller annan bokstav som inte fungerar i e-postadresser"
    if domain in DOMAIN_TYPOS:
        return None, f"troligen felstavad domän – menade du {local}@{DOMAIN_TYPOS[domain]}?"
    if "." not in domain:
        return None, "domänen saknar punkt (t.ex. .se eller .com)"
    if not LOCAL_PART.match(local) or not DOMAIN.match(domain):
        return None, "innehåller otillåtna tecken"
    return address, None


def split_cell(value):
    """Alla adressliknande delar i en cell (en cell kan ha flera adresser)."""
    text = str(value or "").strip()
    if not text or text.lower() in ("-", "saknas", "ej angiven", "nej", "null", "none"):
        return []
    bracketed = re.findall(r"<([^<>]+)>", text)
    if bracketed:
        return bracketed
    tokens = [t for t in re.split(r"[;,\s]+", text) if t]
    parts = []
    for token in tokens:
        bare = token.strip("<>\"'()[]")
        if "@" in bare or re.search(r"\w\.(se|com|nu|net|org)$", bare.lower()):
            parts.append(bare)
    if not parts and len(tokens) == 1 and re.search(r"\w", tokens[0]) and "." in tokens[0]:
        parts.append(tokens[0])
    return parts


def find_header_row(rows):
    for index, row in enumerate(rows[:15]):
        if any(is_email_header(_norm_header(c)) for c in row):
            return index
    return None


def columns_by_content(rows):
    """Utan rubriker: kolumner där någon cell innehåller @."""
    width = max(len(r) for r in rows)
    return [c for c in range(width) if any(c < len(r) and "@" in r[c] for r in rows)]


def run_tool(input_dir, output_dir):
    inputs = read_inputs()
    files = list_input_files()
    if not files:
        raise ToolUserError(
            "Ladda upp minst en klasslista (Excel eller CSV) med vårdnadshavarnas e-postadresser."
        )
    separator = ";" if str(inputs.get("separator") or ";") != "," else ","
    include_students = bool(inputs.get("ta_med_elevadresser"))

    students = []  # {"elev", "klass", "adresser": [...]}
    invalid = []  # {"elev", "fil", "kolumn", "varde", "problem"}
    columns_used, skipped_student_columns = [], []
    all_valid, duplicates = [], 0
    seen = set()

    for f in files:
        rows = read_table_file(f["path"], f["name"], is_relevant_header)
        if not rows:
            raise ToolUserError(f"Filen {f['name']} är tom. Kontrollera att du valt rätt fil.")
        header_index = find_header_row(rows)
        if header_index is not None:
            header = rows[header_index]
            normalized = [_norm_header(h) for h in header]
            email_cols = [i for i, h in enumerate(normalized) if is_email_header(h)]
            data = rows[header_index + 1:]
        else:
            email_cols = columns_by_content(rows)
            first_has_at = any("@" in c for c in rows[0])
            header = rows[0] if not first_has_at else [f"Kolumn {i + 1}" for i in range(max(len(r) for r in rows))]
            normalized = [_norm_header(h) for h in header]
            data = rows[1:] if not first_has_at else rows
        if not email_cols:
            shown = ", ".join(f"'{c}'" for c in rows[0][:12] if c) or "(inga)"
            raise ToolUserError(
                f"Hittar ingen kolumn med e-postadresser i {f['name']}. Kolumnrubriken ska innehålla "
                f"'e-post', 'epost', 'email' eller 'mejl', t.ex. 'Vårdnadshavare 1 e-post'. "
                f"Första raden i filen innehåller: {shown}."
            )
        kept_cols = []
        for i in email_cols:
            label = header[i] if i < len(header) and header[i] else f"Kolumn {i + 1}"
            if is_student_email_header(normalized[i]) and not include_students:
                skipped_student_columns.append(label)
                continue
            kept_cols.append((i, label))
            if label not in columns_used:
                columns_used.append(label)
        name_cols = find_name_columns(header) if header_index is not None else None
        class_col = next((i for i, h in enumerate(normalized) if h in CLASS_HEADERS), None)

        for row_number, row in enumerate(data, start=(header_index or 0) + 2):
            def cell(i):
                return row[i].strip() if i is not None and i < len(row) else ""

            if name_cols and name_cols[0] == "parts":
                student = f"{cell(name_cols[1])} {cell(name_cols[2])}".strip()
            elif name_cols:
                student = _clean_name(cell(name_cols[1]))
            else:
                student = ""
            student = student or f"Rad {row_number} i {f['name']}"
            addresses = []
            for col, label in kept_cols:
                for part in split_cell(cell(col)):
                    address, problem = check_address(part)
                    if problem:
                        invalid.append({"elev": student, "fil": f["name"], "kolumn": label, "varde": part[:200], "problem": problem})
                    elif address:
                        if address not in addresses:
                            addresses.append(address)
                        if address in seen:
                            duplicates += 1
                        else:
                            seen.add(address)
                            all_valid.append(address)
            if not any(cell(i) for i in range(len(row))):
                continue
            students.append({"elev": student, "klass": cell(class_col), "adresser": addresses})

    if not columns_used:
        raise ToolUserError(
            "Filen har bara elevernas egna e-postadresser (" + ", ".join(skipped_student_columns) + "). "
            "Kryssa i 'Ta med elevernas egna adresser' om du vill använda dem, eller ladda upp en "
            "lista med vårdnadshavarnas adresser."
        )
    if not all_valid:
        raise ToolUserError(
            "Hittade inga giltiga e-postadresser i kolumnerna " + ", ".join(f"'{c}'" for c in columns_used)
            + (f" ({len(invalid)} felaktiga, t.ex. '{invalid[0]['varde']}': {invalid[0]['problem']})." if invalid else ".")
            + " Kontrollera att rätt kolumner är ifyllda."
        )

    joiner = f"{separator} "
    bcc_line = joiner.join(all_valid)
    os.makedirs(output_dir, exist_ok=True)
    with open(os.path.join(output_dir, "bcc-adresser.txt"), "w", encoding="utf-8") as handle:
        handle.write(bcc_line + "\n")

    missing = [s["elev"] for s in students if not s["adresser"]]
    summary = (
        f"{len(all_valid)} unika adresser till vårdnadshavare för {len(students)} elever"
        f" från {len(files)} fil{'er' if len(files) != 1 else ''}."
    )
    if duplicates:
        summary += f" {duplicates} {'dubblett' if duplicates == 1 else 'dubbletter'} togs bort (t.ex. syskon med samma vårdnadshavare)."
    summary += " Kolumner som lästes: " + ", ".join(f"'{c}'" for c in columns_used) + "."
    outputs = [{"kind": "notice", "level": "info", "message": summary}]
    if invalid:
        outputs.append({
            "kind": "notice",
            "level": "warning",
            "message": f"{len(invalid)} adress{'er' if len(invalid) != 1 else ''} är felaktig{'a' if len(invalid) != 1 else ''} och "
            "finns inte med i Bcc-raden – se tabellen Felaktiga adresser och rätta i skolsystemet.",
        })
    if missing:
        shown = ", ".join(missing[:15]) + (f" med flera ({len(missing)} totalt)" if len(missing) > 15 else "")
        outputs.append({"kind": "notice", "level": "warning", "message": f"Saknar giltig adress till vårdnadshavare: {shown}."})
    if skipped_student_columns:
        outputs.append({
            "kind": "notice",
            "level": "info",
            "message": "Elevernas egna adresser togs inte med (" + ", ".join(sorted(set(skipped_student_columns))) + ").",
        })
    if len(all_valid) > OUTLOOK_MAX_RECIPIENTS:
        outputs.append({
            "kind": "notice",
            "level": "warning",
            "message": f"Listan har {len(all_valid)} adresser. Outlook skickar till högst {OUTLOOK_MAX_RECIPIENTS} mottagare per mejl – dela upp utskicket.",
        })

    program = "Outlook" if separator == ";" else "Gmail och de flesta andra e-postprogram"
    outputs.append({
        "kind": "markdown",
        "markdown": (
            f"### Klistra in i fältet Bcc (hemlig kopia)\n\n"
            f"Markera raden nedan, kopiera och klistra in i Bcc. Avgränsaren `{separator}` passar {program}.\n\n"
            f"```\n{bcc_line}\n```\n\n"
            "Skriv din egen adress i fältet Till, så ser ingen förälder de andras adresser. "
            "Samma rad finns i filen `bcc-adresser.txt`."
        ),
    })
    if invalid:
        outputs.append({
            "kind": "table",
            "title": "Felaktiga adresser",
            "columns": [
                {"key": "elev", "label": "Elev"},
                {"key": "kolumn", "label": "Kolumn"},
                {"key": "varde", "label": "Står i filen"},
                {"key": "problem", "label": "Problem"},
            ],
            "rows": [{k: r[k] for k in ("elev", "kolumn", "varde", "problem")} for r in invalid[:TABLE_MAX_ROWS]],
        })
    has_class = any(s["klass"] for s in students)
    columns = [{"key": "elev", "label": "Elev"}]
    if has_class:
        columns.append({"key": "klass", "label": "Klass"})
    columns += [{"key": "adresser", "label": "Vårdnadshavares e-post"}, {"key": "antal", "label": "Antal"}]
    rows = []
    for s in students[:TABLE_MAX_ROWS]:
        row = {"elev": s["elev"], "adresser": ", ".join(s["adresser"]) or "– saknas –", "antal": len(s["adresser"])}
        if has_class:
            row["klass"] = s["klass"]
        rows.append(row)
    outputs.append({"kind": "table", "title": "Adresser per elev", "columns": columns, "rows": rows})
    if len(students) > TABLE_MAX_ROWS:
        outputs.append({
            "kind": "notice",
            "level": "info",
            "message": f"Tabellen visar de första {TABLE_MAX_ROWS} eleverna av {len(students)}; alla adresser finns med i Bcc-raden.",
        })
    return {"outputs": outputs}
