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


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula, quoted; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(out, header: list[str], rows: Iterable[Iterable[Any]]) -> None:
    """The header and rows to `out` (a file or an HttpResponse), every cell through `safe_cell`.

    The text is written to `out` once, whole: an HttpResponse encodes each write on its own, which for
    thousands of rows cost more than writing them."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    out.write(text.getvalue())
