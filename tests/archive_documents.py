"""Word and PDF files made from plain text, as an office's archive holds them, for the reader's tests.

Text in, bytes out: `files_of(text)` gives the .txt, .docx and .pdf of one
document. Underneath, `split_running(text)` takes a text export apart into its
running header (the marking and "Agenda Item: 5.0"), its body and its footer
(the board, the date, "Page 1 of 2"); `docx_bytes` and `pdf_bytes` lay the
same content out as Word and as PDF do. Blocks of the body are separated by
blank lines: a block of table lines (cells apart by tabs or two spaces or
more) becomes a table, "- " lines become bulleted list paragraphs, and any
other block one paragraph (its hard-wrapped lines joined). In Word the header
and footer are the section's; in the PDF they run on every page through
@page margin boxes, with "Page X of Y" counted by the renderer.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html import escape

_RUNNING_HEADER = re.compile(
    r"^\s*(?:(?:OFFICIAL|Official)(?:[- ]SENSITIVE|-Sensitive)?)?\s*(?:Agenda Item:?\s*[\d.]+)?\s*$"
)
_PAGE = re.compile(r"Page\s+\d+\s+of\s+\d+")
_RULE = re.compile(r"^\s*[-_=]{10,}\s*$")
_GAP = re.compile(r" *\t *| {2,}")


@dataclass
class Parts:
    header: list[str] = field(default_factory=list)  # as printed at the top of each page
    body: str = ""
    footer: list[str] = field(default_factory=list)  # "Page 1 of 2" is made a page counter


def split_running(text: str) -> Parts:
    """The header lines at the top, the footer block after the last rule (or holding "Page X of Y"), the body."""
    lines = text.splitlines()
    header: list[str] = []
    while lines and (not lines[0].strip() or _RUNNING_HEADER.match(lines[0])):
        if lines[0].strip():
            header.append(lines[0].strip())
        lines.pop(0)
    footer: list[str] = []
    for index in range(len(lines) - 1, -1, -1):
        if _RULE.match(lines[index]) and any(_PAGE.search(line) for line in lines[index:]):
            footer = [line.strip() for line in lines[index + 1 :] if line.strip()]
            lines = lines[:index]
            break
    # A text export repeats the header and footer at each page break: Word and PDF make their own.
    running = {_digits(line) for line in header + footer}
    lines = [line for line in lines if _digits(line) not in running]
    return Parts(header=header, body="\n".join(lines).strip("\n"), footer=footer)


def _digits(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def files_of(text: str) -> dict[str, bytes]:
    """The same document as the three files an archive holds: {"txt": ..., "docx": ..., "pdf": ...}."""
    parts = split_running(text)
    return {
        "txt": text.encode("utf-8"),
        "docx": docx_bytes(parts.body, header=parts.header, footer=parts.footer),
        "pdf": pdf_bytes(parts.body, header=parts.header, footer=parts.footer),
    }


# Blocks ------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # "paragraph" or "table"
    lines: list[tuple[str, bool]] = field(default_factory=list)  # paragraph: (text, is_bullet)
    rows: list[list[str]] = field(default_factory=list)  # table: cells, "\n" between lines of a cell


def _is_table_line(line: str) -> bool:
    return bool(_GAP.search(line.strip())) or "\t" in line.strip()


def blocks_of(body: str) -> list[Block]:
    """The body's blocks. In a run of lines without a blank line, the lines before the first table line are a
    paragraph ("Members:") and the rest a table, whose lines with fewer cells continue the cells above."""
    found: list[Block] = []
    chunk: list[str] = []
    for line in [*body.splitlines(), ""]:
        if line.strip():
            chunk.append(line.rstrip())
            continue
        if chunk:
            first_row = next((i for i, line in enumerate(chunk) if _is_table_line(line)), len(chunk))
            if first_row:
                found.append(_paragraph(chunk[:first_row]))
            if first_row < len(chunk):
                found.append(Block("table", rows=_rows(chunk[first_row:])))
            chunk = []
    return found


def _paragraph(chunk: list[str]) -> Block:
    block = Block("paragraph")
    for line in chunk:
        stripped = " ".join(line.split())
        if stripped.startswith("- "):
            block.lines.append((stripped[2:], True))
        elif block.lines:
            text, bullet = block.lines[-1]
            block.lines[-1] = (f"{text} {stripped}", bullet)
        else:
            block.lines.append((stripped, False))
    return block


def _rows(chunk: list[str]) -> list[list[str]]:
    """Table lines as rows; a line that opens with a gap, or has fewer cells, continues the cells of the row above."""
    rows: list[list[str]] = []
    starts: list[int] = []
    for line in chunk:
        expanded = line.expandtabs(8)
        spans = [(m.start(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", expanded)]
        if rows and spans and (spans[0][0] > 0 or len(spans) < len(starts)):
            for start, text in spans:
                column = min(range(len(starts)), key=lambda i: abs(starts[i] - start))
                rows[-1][column] = f"{rows[-1][column]}\n{text}".strip("\n")
            continue
        rows.append([text for _, text in spans])
        starts = [start for start, _ in spans]
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


# Word --------------------------------------------------------------------


def docx_bytes(body: str, *, header: list[str] = (), footer: list[str] = ()) -> bytes:
    """`body` as a Word file: real paragraphs, "List Bullet" bullets, Word tables; header and footer in the section."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "\t".join(header)
    for index, line in enumerate(footer):
        paragraph = section.footer.paragraphs[0] if index == 0 else section.footer.add_paragraph()
        parts = _PAGE.split(line)
        paragraph.add_run(parts[0])
        if len(parts) > 1:
            paragraph.add_run("Page ")
            _field(paragraph, "PAGE", OxmlElement, qn)
            paragraph.add_run(" of ")
            _field(paragraph, "NUMPAGES", OxmlElement, qn)
            paragraph.add_run(parts[1])
    for block in blocks_of(body):
        if block.kind == "table":
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            for row, cells in zip(table.rows, block.rows, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
            continue
        for text, bullet in block.lines:
            document.add_paragraph(text, style="List Bullet" if bullet else None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _field(paragraph, code: str, OxmlElement, qn) -> None:
    run = paragraph.add_run()
    for kind in ("begin", None, "separate", "end"):
        if kind is None:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = f" {code} "
            run._r.append(instruction)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        if kind == "separate":
            text = OxmlElement("w:t")
            text.text = "1"
            run._r.append(text)


# PDF ---------------------------------------------------------------------

_STYLE = """
@page {{ size: A4; margin: 22mm 20mm;
  @top-left {{ content: "{marking}"; font: 9pt sans-serif; }}
  @top-right {{ content: "{agenda}"; font: 9pt sans-serif; }}
  @bottom-left {{ content: "{footer_left}"; font: 9pt sans-serif; white-space: pre; }}
  @bottom-right {{ content: "{footer_right}" {page}; font: 9pt sans-serif; }} }}
body {{ font: 12pt/1.5 serif; }}
p, li {{ margin: 0 0 6pt; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9pt; }}
tr {{ break-inside: avoid; }}
td {{ border: 1px solid #000; padding: 3pt 6pt; vertical-align: top; }}
"""


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")


def pdf_bytes(body: str, *, header: list[str] = (), footer: list[str] = ()) -> bytes:
    """`body` as a text-based PDF; the header and footer run on every page, with "Page X of Y" counted."""
    from weasyprint import HTML

    marking = next((line for line in header if not line.lower().startswith("agenda")), "")
    agenda = " ".join(re.findall(r"Agenda Item:?\s*[\d.]+", " ".join(header)))
    if marking and agenda and marking.endswith(agenda):
        marking = marking[: -len(agenda)].strip()
    left = [_PAGE.sub("", line).strip() for line in footer]
    page = ' "Page " counter(page) " of " counter(pages)' if any(_PAGE.search(line) for line in footer) else ""
    style = _STYLE.format(
        marking=_css_string(marking),
        agenda=_css_string(agenda),
        footer_left=_css_string("\n".join(line for line in left if line)),
        footer_right="",
        page=page,
    )
    html = [f"<html><head><style>{style}</style></head><body>"]
    for block in blocks_of(body):
        if block.kind == "table":
            html.append("<table>")
            for row in block.rows:
                cells = "".join(f"<td>{escape(cell).replace(chr(10), '<br>')}</td>" for cell in row)
                html.append(f"<tr>{cells}</tr>")
            html.append("</table>")
            continue
        bullets: list[str] = []
        for text, bullet in block.lines:
            if bullet:
                bullets.append(f"<li>{escape(text)}</li>")
                continue
            if bullets:
                html.append(f"<ul>{''.join(bullets)}</ul>")
                bullets = []
            html.append(f"<p>{escape(text)}</p>")
        if bullets:
            html.append(f"<ul>{''.join(bullets)}</ul>")
    html.append("</body></html>")
    return HTML(string="".join(html)).write_pdf()
