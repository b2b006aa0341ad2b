"""CSV that a spreadsheet opens as data, never as formulas (this module imports no app).

A cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return,
which some spreadsheets skip before reading one of those) is run as a
formula by Excel, LibreOffice and Google Sheets. Published commentary and
decision wording are typed by people, so every text cell is neutralised the
way OWASP recommends: a single quote in front, which the spreadsheet shows
as text and does not display.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_row(row: Iterable[Any]) -> list:
    """`row` with every text cell a spreadsheet would read as a formula quoted, anything else unchanged (one
    list comprehension, not a call a cell: a bulk export has tens of thousands of cells)."""
    return ["'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell for cell in row]


def csv_text(header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    """The header and rows as CSV text, every row through `safe_row`."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(safe_row(header))
    writer.writerows(map(safe_row, rows))
    return text.getvalue()


def write_csv(out, header: list[str], rows: Iterable[Iterable[Any]]) -> None:
    """The header and rows to `out` (a file or an HttpResponse), every row through `safe_row`.

    The text is written to `out` once, whole: an HttpResponse encodes each write on its own, which for
    thousands of rows cost more than writing them."""
    out.write(csv_text(header, rows))
