"""Word files an author might upload to start a paper, built with python-docx as Word lays them out.

The paper is fictional (Northshire). Numbers are typed into the text as
authors type them; bullets are "List Bullet" paragraphs; tables are Word
tables; the marking and agenda item are in the section's running header.
"""

from __future__ import annotations

import io
import zipfile

TITLE = "Victims Theme: Delivery Update"
PURPOSE = "The purpose of this report is to update the Board on delivery of the Victims theme of the Plan."
CONTACT = ("Morwenna Tallis", "Head of Policy, Office of the Police and Crime Commissioner")

RECOMMENDATIONS = [
    ("2.1", "note", "the progress made against the Victims theme."),
    ("2.2", "approve", "the revised wording of priority action V4."),
]


def docx_bytes(
    *,
    recommendations=RECOMMENDATIONS,
    contact: tuple[str, str] = CONTACT,
    marking: str = "OFFICIAL",
    extra_recommendation: tuple[str, str, str] | None = None,
) -> bytes:
    """A board paper as an author writes it in Word, every number typed by hand."""
    from docx import Document

    document = Document()
    document.sections[0].header.paragraphs[0].text = f"{marking}\tAgenda Item: 6.0".strip()
    add = document.add_paragraph
    add("To:\tBusiness Coordination Board")
    add("From:\tChief Executive")
    add("Date:\t11 March 2025")
    add(TITLE)
    add("1. Purpose")
    add(f"1.1 {PURPOSE}")
    add("2. Recommendations")
    rows = list(recommendations) + ([extra_recommendation] if extra_recommendation else [])
    for number, verb, text in rows:
        add(f"{number} The Board is recommended to {verb} {text}")
    add("3. Background")
    add("3.1 The Plan became effective on 1 April 2024 and is structured around four themes.")
    add("3.2 Two changes since the last report:")
    add("the current contract ends on 31 March 2026;", style="List Bullet")
    add("the Victims' Hub and the Witness Care Team have merged.", style="List Bullet")
    add("4. Update")
    add("4.1 The nine Victims priority actions are rated as follows.")
    table = document.add_table(rows=4, cols=2)
    ratings = [("Rating", "Actions"), ("Green", "6"), ("Amber", "2"), ("Red", "1")]
    for row, cells in zip(table.rows, ratings, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    add("4.2 Action V8 remains red while court backlogs persist.")
    add("5. Recommendations")
    for index, (_, verb, text) in enumerate(rows, start=1):
        add(f"5.{index} The Board is recommended to {verb} {text}")
    add("BIBLIOGRAPHY")
    bibliography = document.add_table(rows=2, cols=2)
    bibliography.rows[0].cells[0].text = "Source Document(s)"
    bibliography.rows[0].cells[1].text = "Police and Crime Plan 2024-28; Victims Needs Assessment 2024"
    bibliography.rows[1].cells[0].text = "Contact Officer(s)"
    bibliography.rows[1].cells[1].text = ", ".join(contact)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()
