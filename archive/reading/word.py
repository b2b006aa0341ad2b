"""Text out of a Word (.docx) file: the body in order, list paragraphs with their numbers or as "- " bullets,
tables as tab-separated lines, and the marking and agenda item from the page header as the first lines.

Word numbers list paragraphs itself ("3.1" is not in the text when the
author used automatic numbering), so the numbers are worked out here from the
document's numbering definitions, the way Word counts them.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.conf import settings

from .extract import AGENDA, MARKING, Unreadable, running_header

_NOT_WORD = "{} is not a Word document (.docx) that can be opened; open it in Word, save it as .docx and import that."
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(label: str, data: bytes) -> str:
    _check_zip(label, data)
    from docx import Document
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
        lines = _header_lines(document)
        numbering = Numbering(document)
        for block in _blocks(document):
            if isinstance(block, Table):
                lines.extend([*_table_lines(block), ""])
                continue
            line = numbering.line(block._p, block.text.replace("\n", " ").strip())
            if line.startswith("- ") and len(lines) > 1 and lines[-2].startswith("- "):
                lines.pop()  # the items of one list stay together
            lines.extend([line, ""])
    except Unreadable:
        raise
    except Exception as exc:  # python-docx raises many kinds of error on a damaged part
        raise Unreadable(_NOT_WORD.format(label)) from exc
    return "\n".join(lines)


NOT_WORD, TOO_BIG = "not_word", "too_big"


def docx_zip_problem(handle) -> str:
    """What stops the zip in `handle` being opened as a Word document: NOT_WORD, TOO_BIG, or "" for nothing.

    A .docx is a zip, and python-docx reads its parts whole: one that would
    unpack to too much is refused from its directory, before anything is inflated.
    """
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return NOT_WORD
    if "word/document.xml" not in {member.filename for member in members}:
        return NOT_WORD
    # zipfile never inflates a part past the size its directory declares, so these sizes bound the work.
    unpacked = sum(member.file_size for member in members)
    if len(members) > 5000 or unpacked > settings.ARCHIVE_MAX_BYTES * settings.ARCHIVE_UNPACK_FACTOR:
        return TOO_BIG
    return ""


def _check_zip(label: str, data: bytes) -> None:
    problem = docx_zip_problem(io.BytesIO(data))
    if problem == NOT_WORD:
        raise Unreadable(_NOT_WORD.format(label))
    if problem == TOO_BIG:
        raise Unreadable(f"{label} unpacks to far more than its size (a zip bomb?); it was not opened.")


def _blocks(document):
    """The body's paragraphs and tables in order, including those inside content controls (a template's
    title and date fields), which python-docx's own walk passes over."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    parent = document._body
    pending = list(document.element.body.iterchildren())
    while pending:
        element = pending.pop(0)
        if element.tag == f"{_W}p":
            yield Paragraph(element, parent)
        elif element.tag == f"{_W}tbl":
            yield Table(element, parent)
        elif element.tag == f"{_W}sdt":
            content = element.find(f"{_W}sdtContent")
            if content is not None:
                pending[:0] = list(content.iterchildren())


def _header_lines(document) -> list[str]:
    """The marking and agenda item from the sections' headers, once each, as the first lines of the text."""
    found: list[str] = []
    for section in document.sections:
        for header in (section.first_page_header, section.header):
            if header.is_linked_to_previous:  # no header of its own (reading one would make it)
                continue
            texts = [p.text for p in header.paragraphs]
            for table in header.tables:
                texts.extend("\t".join(cell.text for cell in row.cells) for row in table.rows)
            for text in texts:
                # Only the marking and the agenda item: a header may also carry the office's name or a logo's text.
                text = " ".join(text.split())
                parts = [m.group(0) for pattern in (_MARKING, _AGENDA) if (m := pattern.search(text))]
                line = " ".join(parts)
                if line and running_header(line) and line not in found:
                    found.append(line)
    return [*found, ""] if found else []


_MARKING = re.compile(rf"(?<!\w){MARKING}(?!\w)")
_AGENDA = re.compile(AGENDA)


def _table_lines(table) -> list[str]:
    """Each row as tab-separated cells; a cell's second line goes on a line of its own under its column."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell is listed once per grid column it spans
                continue
            previous = cell._tc
            cells.append(cell.text.strip())
        split = [cell.splitlines() or [""] for cell in cells]
        for depth in range(max(len(parts) for parts in split)):
            lines.append("\t".join(parts[depth].strip() if depth < len(parts) else "" for parts in split).rstrip())
    return lines


# Numbering -----------------------------------------------------------------


def _val(element) -> str | None:
    return element.get(f"{_W}val") if element is not None else None


class Numbering:
    """Word's automatic numbers for list paragraphs: "3.1" for a numbered level, None for a bullet.

    Each list (numId) points at a definition (abstractNum) whose levels give a
    format ("decimal", "lowerLetter", "bullet" ...), a pattern ("%1.%2") and a
    start; a paragraph gets its list and level directly or from its style.
    Paragraphs of one definition count on together; a level resets the levels
    below it.
    """

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> level -> (format, pattern, start)
        self.definition: dict[str, str] = {}  # numId -> abstractNumId
        self.counts: dict[str, dict[int, int]] = {}  # abstractNumId -> level -> count so far
        self.styles: dict[str, tuple[str | None, int]] = {}  # styleId -> (numId, level); numId None: "List ..."
        for style in document.styles.element.findall(f"{_W}style"):
            number = style.find(f"{_W}pPr/{_W}numPr")
            name = (_val(style.find(f"{_W}name")) or "").lower()
            if number is not None:
                level = _val(number.find(f"{_W}ilvl"))
                self.styles[style.get(f"{_W}styleId")] = (_val(number.find(f"{_W}numId")), int(level or 0))
            elif name.startswith("list"):
                self.styles[style.get(f"{_W}styleId")] = (None, 0)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        definitions = {}
        for definition in root.findall(f"{_W}abstractNum"):
            levels = {}
            for level in definition.findall(f"{_W}lvl"):
                start = _val(level.find(f"{_W}start")) or "1"
                levels[int(level.get(f"{_W}ilvl", "0"))] = (
                    _val(level.find(f"{_W}numFmt")) or "decimal",
                    _val(level.find(f"{_W}lvlText")) or "",
                    int(start) if start.isdigit() else 1,
                )
            definitions[definition.get(f"{_W}abstractNumId")] = levels
        for number in root.findall(f"{_W}num"):
            abstract = _val(number.find(f"{_W}abstractNumId"))
            self.definition[number.get(f"{_W}numId")] = abstract
            self.levels[number.get(f"{_W}numId")] = definitions.get(abstract, {})

    def line(self, paragraph, text: str) -> str:
        """`text` as a line: "3.1 text" for a numbered paragraph, "- text" for a bullet or other list paragraph."""
        if not text:
            return text
        properties = paragraph.pPr
        number_id, level = None, 0
        listed = False
        style = properties.style if properties is not None else None  # its id, read without resolving the style
        if style in self.styles:
            number_id, level = self.styles[style]
            listed = True
        if properties is not None and properties.numPr is not None:
            number = properties.numPr
            number_id = _val(number.find(f"{_W}numId")) or number_id
            level = int(_val(number.find(f"{_W}ilvl")) or level)
            listed = number_id != "0"  # numId 0 switches a style's numbering off
        if not listed:
            return text
        label = self._label(number_id, level) if number_id else None
        return f"{label} {text}" if label else f"- {text}"

    def _label(self, number_id: str, level: int) -> str | None:
        levels = self.levels.get(number_id)
        if not levels or level not in levels:
            return None
        counts = self.counts.setdefault(self.definition[number_id], {})
        counts[level] = counts.get(level, levels[level][2] - 1) + 1
        for deeper in [known for known in counts if known > level]:
            del counts[deeper]
        form, pattern, _ = levels[level]
        if form in ("bullet", "none") or not pattern:
            return None

        def number(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            at_form, _, at_start = levels.get(at, ("decimal", "", 1))
            return _formatted(counts.get(at, at_start), at_form)

        return re.sub(r"%([1-9])", number, pattern).strip() or None


def _formatted(value: int, form: str) -> str:
    if form in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if form == "upperLetter" else letters
    if form in ("lowerRoman", "upperRoman"):
        roman = ""
        for amount, numeral in (
            (1000, "m"),
            (900, "cm"),
            (500, "d"),
            (400, "cd"),
            (100, "c"),
            (90, "xc"),
            (50, "l"),
            (40, "xl"),
            (10, "x"),
            (9, "ix"),
            (5, "v"),
            (4, "iv"),
            (1, "i"),
        ):
            while value >= amount:
                roman, value = roman + numeral, value - amount
        return roman.upper() if form == "upperRoman" else roman
    return str(value)
