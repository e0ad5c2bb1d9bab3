"""Vårdnadshavares e-post: en färdig Bcc-rad ur en eller flera klasslistor.

Indata (formulär): klasslistor (1–10 filer, CSV/XLSX), separator (";" eller ","),
ta_med_elevadresser (bool).
"""

import os
import re

from skolfiler import clean_name, find_name_columns, is_name_header, normalize_header, read_rows
from skriptoteket_toolkit import list_input_files, read_inputs
from tool_errors import ToolUserError


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
        if any(is_email_header(normalize_header(c)) for c in row):
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
        rows = read_rows(f["path"], f["name"], is_relevant_header)
        if not rows:
            raise ToolUserError(f"Filen {f['name']} är tom. Kontrollera att du valt rätt fil.")
        header_index = find_header_row(rows)
        if header_index is not None:
            header = rows[header_index]
            normalized = [normalize_header(h) for h in header]
            email_cols = [i for i, h in enumerate(normalized) if is_email_header(h)]
            data = rows[header_index + 1:]
        else:
            email_cols = columns_by_content(rows)
            first_has_at = any("@" in c for c in rows[0])
            header = rows[0] if not first_has_at else [f"Kolumn {i + 1}" for i in range(max(len(r) for r in rows))]
            normalized = [normalize_header(h) for h in header]
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
                student = clean_name(cell(name_cols[1]))
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
            f"Tryck Kopiera vid raden nedan och klistra in den i Bcc. Avgränsaren `{separator}` passar {program}.\n\n"
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
