"""Gruppindelning: slumpar grupper ur en klasslista (CSV, Excel eller inklistrade namn).

Indata (formulär): klasslista (fil, valfri), namnlista (text, valfri), gruppstorlek,
antal_grupper, hall_isar (par som inte ska hamna i samma grupp), slumpfro, rubrik.
Inställningar: standard_gruppstorlek, rester ("fordela" | "egen_grupp").
"""

import csv
import datetime
import html
import io
import os
import random
import re
import unicodedata

from skriptoteket_toolkit import list_input_files, read_inputs, read_settings
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
# Gruppindelningen

def _int_or_none(value):
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def group_sizes(n, size=None, count=None, leftovers="fordela"):
    """Storleken på varje grupp. `count` vinner över `size`."""
    if count:
        count = max(1, min(count, n))
        base, extra = divmod(n, count)
        return [base + 1] * extra + [base] * (count - extra)
    size = max(1, min(size, n))
    if leftovers == "egen_grupp":
        full, rest = divmod(n, size)
        return [size] * full + ([rest] if rest else [])
    count = max(1, n // size)
    if n - count * size > count:
        # Fler överblivna än grupper: då blir det en grupp till, och alla jämnt stora.
        count = -(-n // size)
    base, extra = divmod(n, count)
    return [base + 1] * extra + [base] * (count - extra)


def _match_name(text, names):
    wanted = text.strip().casefold()
    if not wanted:
        return None
    exact = [n for n in names if n.casefold() == wanted]
    if exact:
        return exact[0]
    first = [n for n in names if n.casefold().split(" ")[0] == wanted]
    if len(first) == 1:
        return first[0]
    partial = [n for n in names if wanted in n.casefold()]
    if len(partial) == 1:
        return partial[0]
    return None


def parse_apart(text, names):
    """Raderna i "Håll isär": par (eller fler) som inte ska hamna i samma grupp."""
    pairs, problems = set(), []
    for line in str(text or "").splitlines():
        if not line.strip():
            continue
        parts = [p for p in re.split(r"\s*(?:\+|,|;|/|&|\boch\b|\s-\s)\s*", line.strip()) if p.strip()]
        if len(parts) < 2:
            problems.append(f"'{line.strip()}' (skriv minst två namn på raden, t.ex. Anna Berg + Ali Hassan)")
            continue
        matched = []
        for part in parts:
            found = _match_name(part, names)
            if found is None:
                problems.append(f"'{part.strip()}' (finns inte i klasslistan eller matchar flera elever)")
            elif found not in matched:
                matched.append(found)
        for i in range(len(matched)):
            for j in range(i + 1, len(matched)):
                pairs.add(frozenset((matched[i], matched[j])))
    return pairs, problems


def _conflicts(groups, pairs):
    found = []
    for group in groups:
        members = set(group)
        found.extend(p for p in pairs if p <= members)
    return found


def _try_swap(groups, mover, pairs, rng):
    """Byter plats på `mover` och någon i en annan grupp, om det inte skapar nya krockar."""
    gi = next(i for i, g in enumerate(groups) if mover in g)
    for gj in rng.sample(range(len(groups)), len(groups)):
        if gj == gi:
            continue
        for other in rng.sample(groups[gj], len(groups[gj])):
            a = [x for x in groups[gi] if x != mover] + [other]
            b = [x for x in groups[gj] if x != other] + [mover]
            if not _conflicts([a, b], pairs):
                groups[gi][groups[gi].index(mover)] = other
                groups[gj][groups[gj].index(other)] = mover
                return True
    return False


def make_groups(names, sizes, pairs, rng):
    """Slumpar grupperna; försöker hålla isär paren (blandar om och byter plats vid krock)."""
    best, best_conflicts = None, None
    for _attempt in range(50):
        order = names[:]
        rng.shuffle(order)
        groups, start = [], 0
        for s in sizes:
            groups.append(order[start:start + s])
            start += s
        conflicts = _conflicts(groups, pairs)
        for _step in range(2 * len(names)):
            if not conflicts:
                break
            pair = sorted(conflicts[0])
            if not _try_swap(groups, pair[rng.randrange(2)], pairs, rng):
                break
            conflicts = _conflicts(groups, pairs)
        if best is None or len(conflicts) < best_conflicts:
            best, best_conflicts = [g[:] for g in groups], len(conflicts)
        if not conflicts:
            break
    return best, _conflicts(best, pairs)


# ---------------------------------------------------------------------------------------------
# Utdata

def write_xlsx(path, title, groups):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Grupper"
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for gi, group in enumerate(groups, start=1):
        cell = ws.cell(row=3, column=gi, value=f"Grupp {gi}")
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        for ri, name in enumerate(group, start=4):
            ws.cell(row=ri, column=gi, value=name)
        letter = cell.column_letter
        ws.column_dimensions[letter].width = max(14, min(40, max(len(n) for n in group) + 3))
    ws.freeze_panes = "A4"

    by_name = wb.create_sheet("Elever")
    by_name.append(["Namn", "Grupp"])
    for c in by_name[1]:
        c.font = Font(bold=True)
        c.fill = header_fill
    rows = [(name, gi) for gi, group in enumerate(groups, start=1) for name in group]
    for name, gi in sorted(rows, key=lambda r: sv_key(r[0])):
        by_name.append([name, gi])
    by_name.column_dimensions["A"].width = 32
    by_name.column_dimensions["B"].width = 8
    by_name.freeze_panes = "A2"
    wb.save(path)


def pdf_html(title, subtitle, groups):
    cards = []
    for gi, group in enumerate(groups, start=1):
        items = "".join(f"<li>{html.escape(n)}</li>" for n in group)
        cards.append(f'<div class="card"><h2>Grupp {gi}</h2><ul>{items}</ul></div>')
    return f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
  @page {{ size: A4; margin: 1.6cm; }}
  body {{ font-family: "DejaVu Sans", "Liberation Sans", sans-serif; color: #111; }}
  h1 {{ font-size: 22pt; margin: 0 0 2pt 0; }}
  .sub {{ color: #555; font-size: 10pt; margin-bottom: 14pt; }}
  .card {{ display: inline-block; vertical-align: top; width: 46%; margin: 0 2% 12pt 0;
           border: 1.5pt solid #333; border-radius: 6pt; padding: 6pt 10pt; break-inside: avoid; }}
  .card h2 {{ font-size: 15pt; margin: 0 0 4pt 0; border-bottom: 1pt solid #999; }}
  .card ul {{ margin: 0; padding-left: 14pt; font-size: 13pt; line-height: 1.45; }}
</style></head>
<body><h1>{html.escape(title)}</h1><div class="sub">{html.escape(subtitle)}</div>{''.join(cards)}</body></html>"""


def run_tool(input_dir, output_dir):
    inputs = read_inputs()
    settings = read_settings()
    files = list_input_files()

    names, duplicates, sources = load_class_list(files, inputs.get("namnlista"))
    n = len(names)
    if n < 2:
        raise ToolUserError(
            f"Klasslistan har bara {n} namn. Det behövs minst två elever för att göra grupper."
        )

    default_size = _int_or_none(settings.get("standard_gruppstorlek")) or 4
    size = _int_or_none(inputs.get("gruppstorlek")) or default_size
    count = _int_or_none(inputs.get("antal_grupper"))
    leftovers = settings.get("rester") if settings.get("rester") in ("fordela", "egen_grupp") else "fordela"
    if size < 2:
        raise ToolUserError("Elever per grupp måste vara minst 2. Ändra fältet (eller standardstorleken under Inställningar).")
    if count is not None and count < 1:
        raise ToolUserError("Antal grupper måste vara minst 1.")

    seed_text = str(inputs.get("slumpfro") or "").strip()
    if not seed_text:
        seed_text = str(random.SystemRandom().randint(1000, 9999))
    rng = random.Random(f"gruppindelning:{seed_text}")

    pairs, pair_problems = parse_apart(inputs.get("hall_isar"), names)
    sizes = group_sizes(n, size=size, count=count, leftovers=leftovers)
    groups, conflicts = make_groups(names, sizes, pairs, rng)

    title = str(inputs.get("rubrik") or "").strip()[:120] or "Gruppindelning"
    today = datetime.date.today().isoformat()
    how = f"{len(groups)} grupper" if count else f"grupper om {size}"
    subtitle = f"{n} elever i {len(groups)} grupper · {today} · slumpkod {seed_text}"

    os.makedirs(output_dir, exist_ok=True)
    write_xlsx(os.path.join(output_dir, "gruppindelning.xlsx"), title, groups)
    from pdf_helper import save_as_pdf

    save_as_pdf(pdf_html(title, subtitle, groups), output_dir, "gruppindelning.pdf")

    size_text = ", ".join(str(len(g)) for g in groups)
    outputs = [
        {
            "kind": "notice",
            "level": "info",
            "message": (
                f"{n} elever fördelade i {len(groups)} grupper ({how}; storlekar: {size_text}). "
                f"Slumpkod: {seed_text} – skriv den i fältet Slumpfrö om du vill få exakt samma grupper igen."
            ),
        }
    ]
    warnings = []
    if duplicates:
        warnings.append(
            "Dessa namn stod flera gånger i listan och togs med en gång: " + ", ".join(sorted(set(duplicates), key=sv_key)) + "."
        )
    if pair_problems:
        warnings.append("Kunde inte tolka några rader i Håll isär: " + "; ".join(pair_problems) + ".")
    if conflicts:
        shown = "; ".join(" och ".join(sorted(p, key=sv_key)) for p in conflicts)
        warnings.append(f"Gick inte att hålla isär alla par med de här gruppstorlekarna: {shown}.")
    if any(len(g) == 1 for g in groups) and len(groups) > 1:
        warnings.append("En grupp har bara en elev. Välj en annan gruppstorlek eller låt överblivna elever fördelas på grupperna (inställningar).")
    if count and count > n:
        warnings.append(f"Du bad om {count} grupper men listan har bara {n} elever.")
    if not count and size > n:
        warnings.append(f"Gruppstorleken ({size}) är större än antalet elever ({n}); alla hamnade i samma grupp.")
    for text in warnings:
        outputs.append({"kind": "notice", "level": "warning", "message": text})

    outputs.append(
        {
            "kind": "table",
            "title": title,
            "columns": [
                {"key": "grupp", "label": "Grupp"},
                {"key": "elever", "label": "Elever"},
                {"key": "antal", "label": "Antal"},
            ],
            "rows": [
                {"grupp": f"Grupp {gi}", "elever": ", ".join(group), "antal": len(group)}
                for gi, group in enumerate(groups, start=1)
            ],
        }
    )
    outputs.append(
        {
            "kind": "markdown",
            "markdown": "**Filer att ladda ned:** `gruppindelning.pdf` (för utskrift eller projektor) och "
            "`gruppindelning.xlsx` (grupperna i kolumner plus en namnlista i bokstavsordning).",
        }
    )
    return {"outputs": outputs}
