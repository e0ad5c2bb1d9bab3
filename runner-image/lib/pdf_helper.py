"""Render HTML to a PDF artifact with WeasyPrint (runner contract §3).

    from pdf_helper import save_as_pdf
    path = save_as_pdf(html, output_dir, "rapport.pdf")
"""

import os
import sys
import traceback

from tool_errors import ToolUserError

__all__ = ["save_as_pdf", "InvalidPdfFilename"]

# Relative URLs in the HTML (images, style sheets) resolve against the run's folder, so
# "input/logo.png" and "output/chart.png" work.
_BASE_URL = "/work/"


class InvalidPdfFilename(ToolUserError, ValueError):
    """A bad `filename`. A ValueError, and also a ToolUserError so that, left uncaught, it
    fails the run with a readable message instead of a traceback."""


def _target_path(output_dir: str, filename: str) -> str:
    if not isinstance(filename, str) or not filename.strip():
        raise InvalidPdfFilename("Invalid PDF file name: it is empty.")
    name = filename.strip()
    if "\x00" in name:
        raise InvalidPdfFilename("Invalid PDF file name: it contains a NUL character.")
    # Like the original helper: "\\" counts as a folder separator; "a//b" and "./b" are fine.
    name = name.replace("\\", "/")
    if name.startswith("/"):
        raise InvalidPdfFilename("Invalid PDF file name: it must be relative to the output folder.")
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        raise InvalidPdfFilename("Invalid PDF file name: it must not contain '..'.")
    if not parts[-1].lower().endswith(".pdf") or len(parts[-1]) <= len(".pdf"):
        raise InvalidPdfFilename("Invalid PDF file name: it must end with .pdf.")

    root = os.path.realpath(output_dir)
    target = os.path.realpath(os.path.join(root, *parts))
    if os.path.commonpath([root, target]) != root or target == root:
        raise InvalidPdfFilename("Invalid PDF file name: it must stay inside the output folder.")
    return target


def save_as_pdf(html: str, output_dir: str, filename: str) -> str:
    """Render `html` to `output_dir/filename` and return the file's absolute path.

    `filename` must be relative, end in ".pdf" and stay inside `output_dir` (sub-folders are
    created); otherwise ValueError (InvalidPdfFilename). A rendering failure raises
    ToolUserError, with the details on stderr.
    """
    target = _target_path(output_dir, filename)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        from weasyprint import HTML  # lazy: most tools never make a PDF

        HTML(string=str(html), base_url=_BASE_URL).write_pdf(target)
    except Exception as exc:  # noqa: BLE001 - helper boundary; details go to the run's log
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
        raise ToolUserError(f"PDF rendering failed ({type(exc).__name__}).") from exc
    return target
