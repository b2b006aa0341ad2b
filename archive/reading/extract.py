"""Text out of a .txt, .docx or text-based .pdf file, with the running headers and footers taken out.

The readers see one kind of input whatever the file: lines of text, the
marking and "Agenda Item" once at the top, Word's numbered paragraphs with
their numbers and its other list paragraphs as "- " lines (archive/reading/word.py),
table rows as tab-separated cells, and none of the lines a word processor
repeats on every page ("OFFICIAL  Agenda Item: 5.0", the board and date
footer, "Page 1 of 2"), even where a page break left them in the middle of a
paragraph or glued to the end of a line. A file that cannot be read raises
`Unreadable` with a message staff can act on.
"""

from __future__ import annotations

import io
import re
from pathlib import PurePath

from django.conf import settings


class Unreadable(ValueError):
    """The file cannot be read; the message says why, for staff."""


def text_of(name: str, data: bytes) -> str:
    """The text of the file `name` holding `data`, cleaned of running headers and footers."""
    label = PurePath(name or "The file").name
    suffix = PurePath(label).suffix.lower()
    if not data:
        raise Unreadable(f"{label} is empty.")
    if len(data) > settings.ARCHIVE_MAX_BYTES:
        raise Unreadable(f"{label} is larger than {_size(settings.ARCHIVE_MAX_BYTES)}; import a smaller file.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: Word 97-2003, or Word's encrypted .docx
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise Unreadable(f"{label} is protected by a password: save a copy without it and import that.")
        if suffix not in (".doc", ".docx"):
            raise Unreadable(f"{label} is an old Office file, not text or PDF; save it as .docx or .pdf.")
        raise Unreadable(f"{label} is an old Word 97-2003 document: open it in Word, save it as .docx and import that.")
    if suffix == ".doc" and data.startswith(b"PK"):
        suffix = ".docx"  # a Word file with the wrong name
    if suffix == ".doc":
        raise Unreadable(f"{label} is an old Word 97-2003 document: open it in Word, save it as .docx and import that.")
    if suffix == ".txt":
        text = _txt(label, data)
    elif suffix == ".docx":
        text = _docx(label, data)
    elif suffix == ".pdf":
        text = "\f".join(_pdf(label, data))
    else:
        raise Unreadable(f"{label}: only .txt, .docx and .pdf files can be imported.")
    text = remove_running(text)
    if not text.strip():
        raise Unreadable(f"{label} has no text in it.")
    return text


# Plain text --------------------------------------------------------------


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{max(1, limit // 1024)} KB"


def _txt(label: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode": UTF-16 with its byte order mark
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise Unreadable(f"{label} is not a text file (it holds binary data); import the original .docx or .pdf.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# Word --------------------------------------------------------------------


def _docx(label: str, data: bytes) -> str:
    from .word import docx_text

    return docx_text(label, data)


# PDF ---------------------------------------------------------------------


def _pdf(label: str, data: bytes) -> list[str]:
    """The text of each page, laid out as printed (columns of tables stay apart)."""
    from pypdf import PdfReader

    if b"%PDF" not in data[:1024]:
        raise Unreadable(f"{label} is not a PDF file; check the file and import it again.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable(f"{label} is protected by a password: save a copy without it and import that.")
        if len(reader.pages) > settings.ARCHIVE_MAX_PAGES:
            raise Unreadable(
                f"{label} has more than {settings.ARCHIVE_MAX_PAGES} pages; one file should be one paper or minutes."
            )
        pages = [_unjustified(_page_text(page)) for page in reader.pages]
    except Unreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file
        raise Unreadable(f"{label} is a damaged PDF that cannot be read; export it to PDF again.") from exc
    if not any(page.strip() for page in pages):
        raise Unreadable(f"{label} has no text layer: it is a scan, and it needs OCR (text recognition) first.")
    return pages


def _page_text(page) -> str:
    """The page laid out as printed; if the layout cannot be worked out (an odd font), its text as it comes."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # pypdf's layout mode raises on some fonts that its plain mode reads
        return page.extract_text() or ""


_GAP = re.compile(r"(?<=\S) +(?=\S)")


def _unjustified(page: str) -> str:
    """Justified lines as the layout extraction spreads them ("3.1   The   programme   has") put back to one
    space between words: every gap in the line the same width is justification, not table columns."""
    lines = []
    for line in page.split("\n"):
        gaps = [len(gap) for gap in _GAP.findall(line)]
        if len(gaps) >= 3 and min(gaps) >= 2 and max(gaps) - min(gaps) <= 1:
            line = line[: len(line) - len(line.lstrip())] + " ".join(line.split())
        lines.append(line)
    return "\n".join(lines)


# Running headers and footers ---------------------------------------------

MARKING = r"(?i:OFFICIAL(?:(?:[ \t]*[-–][ \t]*|[ \t]+)SENSITIVE)?)"
AGENDA = r"Agenda\s+Item(?:\s+No\.?)?(?:\s*:)?\s*\d{1,3}(?:\.\d{1,3})*\.?"  # no two \s* side by side: no backtracking
_RUNNING_HEADER = re.compile(rf"^(?=\S)(?P<marking>{MARKING})?(?:\s*(?P<agenda>{AGENDA}))?$")


def running_header(line: str) -> re.Match | None:
    """The marking and agenda item if `line` is nothing else: "OFFICIAL   Agenda Item: 5.0", "Official"."""
    line = line.strip()
    return _RUNNING_HEADER.match(line) if len(line) <= 160 else None  # short lines only: the pattern backtracks


_PAGE = re.compile(r"\bPage\s+\d+\s+(?:of|/)\s+\d+\b", re.IGNORECASE)
_RULE = re.compile(r"^\s*[-_=–—]{8,}\s*$")
_GLUED_END = re.compile(
    rf"(?:\s+(?:{MARKING}\s+)?{AGENDA}|\s+{_PAGE.pattern}|\s{{2,}}{MARKING}|(?<=[a-z,;]) OFFICIAL)\s*$"
)
_GLUED_START = re.compile(rf"^\s*(?:{MARKING}\s+)?{AGENDA}\s+(?=\S)")
_WHOLE_DATE = re.compile(r"^\s*(?:\w+day\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\.?\s+\d{4}\s*$")
_ENDS_SENTENCE = re.compile(r"[.:;!?]['\")”’]?\s*$")
_OPENS_BLOCK = re.compile(r"^\s*(?:[-•▪◦·*]\s|\d{1,3}(?:\.\d{1,3})*\.?\s|[A-Z][A-Z ()&'-]{3,}$)")


def remove_running(text: str) -> str:
    """`text` without running headers and footers; the first header stays as the first lines.

    A page break that fell inside a paragraph leaves the paragraph whole: the
    blank lines around the removed header and footer go with them when the
    line before has not ended its sentence.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    board = _board_of(lines)
    repeated = _repeated(lines)
    head: list[str] = []  # the first header, kept
    keep: list[str | None] = []  # None marks where running lines were taken out
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not keep and (not stripped or running_header(stripped)):
            head.append(line.rstrip())
            continue
        if _is_running(lines, index, board, repeated):
            keep.append(None)
            continue
        keep.append(_unglued(line.rstrip()))
    body = _rejoin(keep)
    # The document's own "Agenda Item: 5.0" may land anywhere, even across a line's end.
    number = re.search(r"Item\D*(\d[\d.]*)", " ".join(head))
    if number:
        own = rf"(?:{MARKING}\s+)?Agenda\s+Item\s*:\s*{re.escape(number.group(1).rstrip('.'))}(?![\d.])"
        body = re.sub(own, "", body)
    head = [line for line in head if line.strip()]
    return "\n".join([*head, ""]) + "\n" + body if head else body


def _unglued(line: str) -> str:
    """`line` without a running header glued to its end or its start (only the end's last 200 characters are
    searched: a long run of spaces would make the pattern slow)."""
    head, tail = line[:-200], line[-200:]
    return _GLUED_START.sub("", head + _GLUED_END.sub("", tail))


def _board_of(lines: list[str]) -> str:
    for line in lines[:40]:
        match = re.match(r"^\s*To\s*:?\s+(.+?)\s*$", line)
        if match:
            return " ".join(match.group(1).split()).lower()
    return ""


def _normal(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _repeated(lines: list[str]) -> set[str]:
    counts: dict[str, int] = {}
    for line in lines:
        if line.strip():
            key = _normal(line)
            counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items() if count > 1}


def _is_running(lines: list[str], index: int, board: str, repeated: set[str]) -> bool:
    """A running header, a rule, or a line of a footer block (every cell the board, a date, the agenda item,
    "Page X of Y", or the whole line repeated on every page). A line with text of its own beside a footer cell
    is body text: its glued footer is cut off by `_unglued`."""
    line = lines[index].strip()
    if not line or len(line) > 200:
        return False
    if running_header(line) or _RULE.match(line):
        return True
    paged = bool(_PAGE.search(line))
    if not paged:
        near = range(max(0, index - 3), min(len(lines), index + 4))
        if not any(_PAGE.search(lines[i]) for i in near if len(lines[i]) <= 200):
            return False
        if _normal(line) in repeated and not _ENDS_SENTENCE.search(line):  # not "The Board noted the report."
            return True
    cells = [cell for cell in _CELLS.split(line) if cell.strip()]
    return all(_footer_cell(cell, board) for cell in cells)


_CELLS = re.compile(r"\t| {2,}")
_FOOTER_CELL = re.compile(
    rf"^(?:{_PAGE.pattern}|{MARKING}|(?:{MARKING}\s+)?{AGENDA}|.{{0,60}}\b(?:Board|Committee|Panel|Group))$", re.I
)


def _footer_cell(cell: str, board: str) -> bool:
    cell = " ".join(cell.split())
    return bool(_WHOLE_DATE.match(cell) or _FOOTER_CELL.match(cell) or (board and cell.lower() == board))


def _rejoin(keep: list[str | None]) -> str:
    out: list[str] = []
    index = 0
    while index < len(keep):
        line = keep[index]
        if line is not None:
            out.append(line)
            index += 1
            continue
        # A run of removed lines, with the blank lines around it.
        end = index
        while end < len(keep) and (keep[end] is None or not keep[end].strip()):
            end += 1
        before = next((text for text in reversed(out) if text.strip()), "")
        after = keep[end] if end < len(keep) else ""
        while out and not out[-1].strip():
            out.pop()
        if before and after and not _ENDS_SENTENCE.search(before) and not _OPENS_BLOCK.match(after):
            pass  # the paragraph goes on across the page break
        elif out:
            out.append("")
        index = end
    text = "\n".join(out)
    return re.sub(r"\n[ \t]*(?:\n[ \t]*){2,}", "\n\n", text).strip("\n") + "\n"
