"""Gruppindelning: slumpar grupper ur en klasslista (CSV, Excel eller inklistrade namn).

Indata (formulär): klasslista (fil, valfri), namnlista (text, valfri), gruppstorlek,
antal_grupper, hall_isar (par som inte ska hamna i samma grupp), slumpfro, rubrik.
Inställningar: standard_gruppstorlek, rester ("fordela" | "egen_grupp").
"""

import datetime
import html
import os
import random
import re

from skolfiler import load_class_list, sv_key
from skriptoteket_toolkit import list_input_files, read_inputs, read_settings
from tool_errors import ToolUserError


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
