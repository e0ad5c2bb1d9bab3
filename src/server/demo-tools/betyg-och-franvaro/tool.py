"""Betyg och frånvaro: sammanställning per ämne med diagram, och elever med hög frånvaro.

Indata (formulär): betygsfil (CSV/XLSX, en rad per elev och ämne: Elev, Ämne, Betyg,
Frånvaro %), franvarograns (heltal, standard 15), rubrik (valfri).
"""

import os
import re

from skolfiler import clean_name, find_name_columns, is_name_header, normalize_header, read_rows, sv_key
from skriptoteket_toolkit import list_input_files, read_inputs
from tool_errors import ToolUserError


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
        normalized = [normalize_header(c) for c in row]
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
    rows = read_rows(path, name, is_grade_file_header)
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

        who = f"{cell(student[1])} {cell(student[2])}".strip() if student[0] == "parts" else clean_name(cell(student[1]))
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
    # The PNG is the same chart as the vega_lite output above: offered as a file to download
    # (to paste into a document), not shown a second time as an image output.
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
