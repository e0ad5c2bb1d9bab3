"""Betyg och frånvaro: sammanställning per ämne med diagram, och elever med hög frånvaro.

Indata (formulär): betygsfil (CSV/XLSX, en rad per elev och ämne: Elev, Ämne, Betyg,
Frånvaro %), franvarograns (heltal, standard 15), rubrik (valfri).
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
# Betyg och frånvaro

GRADES = ["A", "B", "C", "D", "E", "F"]
GRADE_POINTS = {"A": 20.0, "B": 17.5, "C": 15.0, "D": 12.5, "E": 10.0, "F": 0.0}
GRADE_COLORS = {"A": "#1a9850", "B": "#66bd63", "C": "#a6d96a", "D": "#fee08b", "E": "#fdae61", "F": "#d73027"}
NO_GRADE = {"", "-", "–", "—", "streck", "saknas", "ejbetyg", "eb"}
SUBJECT_HEADERS = {"ämne", "amne", "kurs", "ämne/kurs", "kurs/ämne", "kursnamn", "ämnesnamn", "subject", "course"}
GRADE_HEADERS = {"betyg", "grade", "slutbetyg", "terminsbetyg", "kursbetyg", "ämnesbetyg", "betyg a-f", "betyg a–f"}
TABLE_MAX_ROWS = 700


def is_absence_header(h):
    return "frånvaro" in h or "franvaro" in h or "absence" in h


def is_grade_file_header(h):
    return h in SUBJECT_HEADERS or h in GRADE_HEADERS or is_absence_header(h) or is_name_header(h)


def find_columns(rows, name):
    for index, row in enumerate(rows[:15]):
        normalized = [_norm_header(c) for c in row]
        subject = next((i for i, h in enumerate(normalized) if h in SUBJECT_HEADERS), None)
        grade = next((i for i, h in enumerate(normalized) if h in GRADE_HEADERS), None)
        if subject is None or grade is None:
            continue
        student = find_name_columns(row)
        absence_cols = [i for i, h in enumerate(normalized) if is_absence_header(h)]
        absence = next((i for i in absence_cols if "total" in normalized[i]), absence_cols[0] if absence_cols else None)
        return index, student, subject, grade, absence, row
    header = rows[0] if rows else []
    shown = ", ".join(f"'{c}'" for c in header[:12] if c) or "(inga)"
    raise ToolUserError(
        f"Hittar inte kolumnerna för ämne och betyg i {name}. Filen ska ha en rad per elev och ämne med "
        f"rubrikerna Elev, Ämne, Betyg och Frånvaro (%), t.ex. 'Anna Berg; Matematik; C; 4'. "
        f"Första raden i filen innehåller: {shown}."
    )


def parse_absence(text):
    value = str(text or "").strip().replace("%", "").replace("\u2212", "-").replace(" ", "").replace(",", ".")
    if not value or value in ("-", "–"):
        return None
    try:
        return float(value)
    except ValueError:
        return "invalid"


def fmt(number, decimals=1):
    return f"{number:.{decimals}f}".replace(".", ",")


def load_records(path, name):
    rows = read_table_file(path, name, is_grade_file_header)
    if not rows:
        raise ToolUserError(f"Filen {name} är tom. Kontrollera att du valt rätt fil.")
    header_index, student, subject, grade, absence, header = find_columns(rows, name)
    if student is None:
        raise ToolUserError(
            f"Hittar ingen kolumn med elevernas namn i {name}. Döp kolumnen till 'Elev' eller 'Namn' "
            "(eller använd 'Förnamn' och 'Efternamn')."
        )
    records, problems = [], []
    for line, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        def cell(i):
            return row[i].strip() if i is not None and i < len(row) else ""

        who = f"{cell(student[1])} {cell(student[2])}".strip() if student[0] == "parts" else _clean_name(cell(student[1]))
        course = re.sub(r"\s+", " ", cell(subject))
        raw_grade = cell(grade).upper().replace(" ", "")
        if not who and not course:
            continue
        if not who or not course:
            problems.append({"rad": line, "varde": who or course, "problem": "saknar elev eller ämne"})
            continue
        if raw_grade in GRADES:
            g = raw_grade
        elif raw_grade.lower() in NO_GRADE:
            g = None
        else:
            problems.append({"rad": line, "varde": f"{who}, {course}: '{cell(grade)}'", "problem": "betyget är inte A–F (eller - för inget betyg)"})
            g = None
        a = parse_absence(cell(absence)) if absence is not None else None
        if a == "invalid" or (isinstance(a, float) and not 0 <= a <= 100):
            problems.append({"rad": line, "varde": f"{who}, {course}: '{cell(absence)}'", "problem": "frånvaron är inte en procentsats 0–100"})
            a = None
        records.append({"elev": who, "amne": course, "betyg": g, "franvaro": a})
    return records, problems, (header[absence] if absence is not None else None)


def run_tool(input_dir, output_dir):
    inputs = read_inputs()
    files = list_input_files()
    if not files:
        raise ToolUserError("Ladda upp en fil (Excel eller CSV) med kolumnerna Elev, Ämne, Betyg och Frånvaro (%).")
    threshold = inputs.get("franvarograns")
    try:
        threshold = 15 if threshold in (None, "") or isinstance(threshold, bool) else int(threshold)
    except (TypeError, ValueError):
        raise ToolUserError("Frånvarogränsen ska vara ett heltal, t.ex. 15.")
    if not 0 <= threshold <= 100:
        raise ToolUserError("Frånvarogränsen ska vara en procentsats mellan 0 och 100.")
    title = str(inputs.get("rubrik") or "").strip()[:120] or "Betyg och frånvaro"

    records, problems, absence_label = [], [], None
    for f in files:
        r, p, label = load_records(f["path"], f["name"])
        records += r
        problems += p
        absence_label = absence_label or label
    if not any(r["betyg"] for r in records):
        raise ToolUserError(
            "Filen innehåller inga betyg A–F. Kontrollera att kolumnen 'Betyg' har bokstavsbetyg (A, B, C, D, E eller F)."
        )

    import pandas as pd

    df = pd.DataFrame(records, columns=["elev", "amne", "betyg", "franvaro"])
    df["franvaro"] = pd.to_numeric(df["franvaro"], errors="coerce")
    notes = []
    has_absence = df["franvaro"].notna().any()
    if has_absence:
        values = df["franvaro"].dropna()
        if values.max() <= 1 and ((values > 0) & (values < 1)).any():
            df["franvaro"] = df["franvaro"] * 100
            notes.append("Frånvaron stod som andelar (t.ex. 0,12) och räknades om till procent (12 %).")

    # Per ämne: betygsfördelning, snittpoäng, andel F, medelfrånvaro.
    subjects = sorted(df["amne"].unique(), key=sv_key)
    summary_rows = []
    for course in subjects:
        part = df[df["amne"] == course]
        graded = part[part["betyg"].notna()]
        counts = graded["betyg"].value_counts()
        row = {"amne": course, "elever": int(part["elev"].nunique())}
        for g in GRADES:
            row[g] = int(counts.get(g, 0))
        row["andel_f"] = fmt(100 * row["F"] / len(graded)) if len(graded) else "–"
        row["snittpoang"] = fmt(graded["betyg"].map(GRADE_POINTS).mean()) if len(graded) else "–"
        absence_mean = part["franvaro"].mean()
        row["franvaro"] = fmt(absence_mean) if pd.notna(absence_mean) else "–"
        row["over_grans"] = int((part["franvaro"] > threshold).sum()) if has_absence else 0
        summary_rows.append(row)

    high = df[df["franvaro"] > threshold].sort_values("franvaro", ascending=False) if has_absence else df.iloc[0:0]
    per_student = []
    for who, part in df.groupby("elev"):
        f_count = int((part["betyg"] == "F").sum())
        over = part[part["franvaro"] > threshold]["amne"].tolist() if has_absence else []
        if f_count or over:
            mean_abs = part["franvaro"].mean()
            per_student.append({
                "elev": who,
                "antal_f": f_count,
                "amnen_f": ", ".join(sorted(part[part["betyg"] == "F"]["amne"], key=sv_key)),
                "snittfranvaro": fmt(mean_abs) if pd.notna(mean_abs) else "–",
                "over": ", ".join(sorted(over, key=sv_key)),
                "_sort": (-f_count, -len(over), sv_key(who)),
            })
    per_student.sort(key=lambda r: r.pop("_sort"))

    # Diagram: vega-lite (interaktivt i webbläsaren) och en PNG (för att klistra in i en rapport).
    chart_values = [
        {"amne": r["amne"], "betyg": g, "antal": r[g], "ordning": i}
        for r in summary_rows for i, g in enumerate(GRADES) if r[g]
    ]
    vega = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": "Betygsfördelning per ämne",
        "width": "container",
        "data": {"values": chart_values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "amne", "type": "nominal", "title": "Ämne", "sort": subjects},
            "x": {"field": "antal", "type": "quantitative", "title": "Antal elever", "stack": "zero"},
            "color": {
                "field": "betyg", "type": "nominal", "title": "Betyg",
                "scale": {"domain": GRADES, "range": [GRADE_COLORS[g] for g in GRADES]},
            },
            "order": {"field": "ordning", "type": "quantitative"},
            "tooltip": [
                {"field": "amne", "title": "Ämne"},
                {"field": "betyg", "title": "Betyg"},
                {"field": "antal", "title": "Antal"},
            ],
        },
    }

    os.makedirs(output_dir, exist_ok=True)
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    height = max(2.5, 0.55 * len(subjects) + 1.4)
    fig, ax = plt.subplots(figsize=(8, height), dpi=120)
    left = [0] * len(subjects)
    ys = list(range(len(subjects)))[::-1]
    for g in GRADES:
        widths = [r[g] for r in summary_rows]
        ax.barh(ys, widths, left=left, color=GRADE_COLORS[g], label=g, edgecolor="white")
        left = [a + b for a, b in zip(left, widths)]
    ax.set_yticks(ys)
    ax.set_yticklabels(subjects)
    ax.set_xlabel("Antal elever")
    ax.set_title(f"{title}: betygsfördelning per ämne")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(title="Betyg", loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    png_name = "betygsfordelning.png"
    fig.savefig(os.path.join(output_dir, png_name))
    plt.close(fig)

    summary_df = pd.DataFrame([
        {"Ämne": r["amne"], "Elever": r["elever"], **{g: r[g] for g in GRADES},
         "Andel F (%)": r["andel_f"], "Snittpoäng": r["snittpoang"], "Medelfrånvaro (%)": r["franvaro"],
         f"Över {threshold} % frånvaro": r["over_grans"]}
        for r in summary_rows
    ])
    high_df = pd.DataFrame({
        "Elev": high["elev"], "Ämne": high["amne"], "Frånvaro (%)": high["franvaro"].round(1), "Betyg": high["betyg"].fillna("–"),
    })
    attention_df = pd.DataFrame([
        {"Elev": r["elev"], "Antal F": r["antal_f"], "Ämnen med F": r["amnen_f"],
         "Snittfrånvaro (%)": r["snittfranvaro"], f"Ämnen över {threshold} %": r["over"]}
        for r in per_student
    ], columns=["Elev", "Antal F", "Ämnen med F", "Snittfrånvaro (%)", f"Ämnen över {threshold} %"])
    source_df = pd.DataFrame({
        "Elev": df["elev"], "Ämne": df["amne"], "Betyg": df["betyg"].fillna("–"), "Frånvaro (%)": df["franvaro"].round(1),
    })
    xlsx_name = "betyg-och-franvaro.xlsx"
    with pd.ExcelWriter(os.path.join(output_dir, xlsx_name), engine="openpyxl") as writer:
        for sheet, frame in (("Per ämne", summary_df), ("Att uppmärksamma", attention_df),
                             ("Hög frånvaro", high_df), ("Underlag", source_df)):
            frame.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            ws.freeze_panes = "A2"
            for column in ws.columns:
                width = max(len(str(c.value or "")) for c in column) + 2
                ws.column_dimensions[column[0].column_letter].width = min(45, max(8, width))

    students = df["elev"].nunique()
    graded_total = int(df["betyg"].notna().sum())
    f_total = int((df["betyg"] == "F").sum())
    message = (
        f"{students} elever, {len(subjects)} ämnen och {graded_total} betyg. "
        f"{f_total} F ({fmt(100 * f_total / graded_total)} %)."
    )
    if has_absence:
        message += f" {high['elev'].nunique()} elever har mer än {threshold} % frånvaro i minst ett ämne."
    outputs = [{"kind": "notice", "level": "info", "message": message}]
    if not has_absence:
        outputs.append({
            "kind": "notice", "level": "warning",
            "message": "Filen saknar en kolumn för frånvaro (t.ex. 'Frånvaro %'), så frånvaron är inte med i sammanställningen.",
        })
    for note in notes:
        outputs.append({"kind": "notice", "level": "info", "message": note})
    if problems:
        shown = "; ".join(f"rad {p['rad']}: {p['varde']} – {p['problem']}" for p in problems[:8])
        more = f" (och {len(problems) - 8} till)" if len(problems) > 8 else ""
        outputs.append({
            "kind": "notice", "level": "warning",
            "message": f"{len(problems)} {'rad' if len(problems) == 1 else 'rader'} kunde inte läsas helt och räknas inte med: {shown}{more}.",
        })

    outputs.append({
        "kind": "table",
        "title": "Per ämne",
        "columns": [{"key": "amne", "label": "Ämne"}, {"key": "elever", "label": "Elever"}]
        + [{"key": g, "label": g} for g in GRADES]
        + [
            {"key": "andel_f", "label": "Andel F (%)"},
            {"key": "snittpoang", "label": "Snittpoäng (A=20 … E=10)"},
            {"key": "franvaro", "label": "Medelfrånvaro (%)"},
            {"key": "over_grans", "label": f"Över {threshold} %"},
        ],
        "rows": summary_rows,
    })
    outputs.append({"kind": "vega_lite", "spec": vega})
    outputs.append({"kind": "image", "path": f"output/{png_name}", "alt": f"Stapeldiagram: betygsfördelning per ämne för {len(subjects)} ämnen"})
    if per_student:
        outputs.append({
            "kind": "table",
            "title": f"Elever att uppmärksamma (F eller mer än {threshold} % frånvaro)",
            "columns": [
                {"key": "elev", "label": "Elev"},
                {"key": "antal_f", "label": "Antal F"},
                {"key": "amnen_f", "label": "Ämnen med F"},
                {"key": "snittfranvaro", "label": "Snittfrånvaro (%)"},
                {"key": "over", "label": f"Ämnen över {threshold} %"},
            ],
            "rows": per_student[:TABLE_MAX_ROWS],
        })
    if has_absence and len(high):
        outputs.append({
            "kind": "table",
            "title": f"Hög frånvaro (mer än {threshold} %)",
            "columns": [
                {"key": "elev", "label": "Elev"},
                {"key": "amne", "label": "Ämne"},
                {"key": "franvaro", "label": "Frånvaro (%)"},
                {"key": "betyg", "label": "Betyg"},
            ],
            "rows": [
                {"elev": r.elev, "amne": r.amne, "franvaro": fmt(r.franvaro), "betyg": r.betyg or "–"}
                for r in high.head(TABLE_MAX_ROWS).itertuples()
            ],
        })
    outputs.append({
        "kind": "markdown",
        "markdown": f"**Ladda ned:** `{xlsx_name}` (flikarna Per ämne, Att uppmärksamma, Hög frånvaro och Underlag) "
        f"och `{png_name}` (diagrammet som bild).",
    })
    return {"outputs": outputs}
