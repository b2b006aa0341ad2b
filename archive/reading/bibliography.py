"""A paper's bibliography: its source documents, contact officers and where the documents may be seen.

Two layouts are in use. Label and value: "Source Document(s)" and "Contact
Officer(s)" down the first column, the values beside them. Or a header row
"Source Document(s) / Contact Officer / Location" with the values below. Cells
are apart by tabs (Word) or runs of spaces (text and PDF), and a cell's text
may wrap onto lines of its own, which are put back in their column by where
they start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .common import cells
from .result import PersonRead

_LABELS = (
    # "Source" alone: the label wrapped onto a second line ("Document(s)") in a narrow column.
    ("sources", r"source(?:\s+documents?)?(?:\s*\(s\))?|background(?:\s+(?:papers?|documents?))?(?:\s*\(s\))?"),
    ("contacts", r"contact\s+officers?(?:\s*\(s\))?|contacts?|report\s+author|author"),
    ("location", r"location|documents?\s+available\s+(?:at|from)|where\s+to\s+inspect"),
)
_LABEL = re.compile(
    r"^(?:" + "|".join(f"(?P<{key}>{pattern})" for key, pattern in _LABELS) + r")(?!\w)\s*:?\s*(?P<rest>.*)$", re.I
)
_LABEL_TAIL = re.compile(r"^(?:documents?|officers?|papers?)?\s*(?:\(s\))?\s*:?$", re.I)
_CONNECTOR = re.compile(r"(?:,|-|–|&|\b(?:and|of|the|for|to|in|on|with|by|at))$", re.I)
_PERSON_START = re.compile(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}\s*,")
# A telephone number or e-mail address, with its label: not part of a name or post.
_CONTACT_DETAIL = re.compile(
    r"[,;]?\s*(?:(?:tel(?:ephone)?|phone|mob(?:ile)?|e-?mail|ext(?:ension)?)\.?\s*:?\s*)?"
    r"(?:[\w.+-]+@[\w.-]+|\+?\(?\d(?:[ ()-]{0,2}\d){8,})",  # nine digits or more: not "2019-2021"
    re.I,
)
_DETAIL_LABEL = re.compile(r"^(?:tel(?:ephone)?|phone|mob(?:ile)?|e-?mail|ext(?:ension)?)\.?\s*:?$", re.I)


@dataclass
class Found:
    source_documents: list[str] = field(default_factory=list)
    contact_officers: list[PersonRead] = field(default_factory=list)
    location: str = ""
    unplaced: list[str] = field(default_factory=list)


def read(lines: list[str], *, under: str = "BIBLIOGRAPHY") -> Found:
    """What the bibliography's `lines` (under the heading `under`, as printed) name.

    Under a heading "Contact Officer" or "Background Papers" the lines before
    any label are contact officers or source documents."""
    rows = _rows([line for line in lines if line.strip()])
    values: dict[str, list[str]] = {"sources": [], "contacts": [], "location": []}
    found = Found()
    header = _header(rows)
    if header is not None:
        columns, start = header
        for row in rows[start:]:
            for column, text in row[1]:
                key = columns.get(column) or columns.get(_nearest(column, columns))
                values[key].append(text)
    else:
        heading = _LABEL.match(under.strip())
        current = next((key for key, _ in _LABELS if heading[key]), None) if heading else None
        for line, row in rows:
            texts = dict(row)
            first = texts.pop(0, "")
            rest = [texts[column] for column in sorted(texts)]
            label = _LABEL.match(first) if first else None
            if label:
                current = next(key for key, _ in _LABELS if label[key])
                rest = ([label["rest"]] if label["rest"] else []) + rest
            elif first and current and _LABEL_TAIL.match(first):
                pass  # the rest of a label that wrapped: "Source" / "Document(s)"
            elif first and current:
                rest = [first, *rest]
            if current:
                values[current].extend(rest)
            else:  # text before any label: nothing says what it is
                found.unplaced.append(line.strip())
    found.source_documents = _sources(values["sources"])
    found.contact_officers = _people(values["contacts"])
    found.location = " ".join(" ".join(values["location"]).split())
    return found


def _rows(lines: list[str]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Each line with its cells as (column, text): by tab position, or by the nearest column start."""
    spans_of = {}
    for line in lines:
        if "\t" not in line:
            spans_of[line] = [(m.start(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", line)]
    widest = max(spans_of.values(), key=len, default=[])
    starts = [start for start, _ in widest] or [0]
    rows = []
    for line in lines:
        if "\t" in line:
            row = [(index, text) for index, text in enumerate(cells(line)) if text]
        else:
            row = [(_index(start, starts), text) for start, text in spans_of[line]]
        merged: dict[int, str] = {}
        for column, text in row:
            merged[column] = f"{merged[column]} {text}" if column in merged else text
        rows.append((line, sorted(merged.items())))
    return rows


def _index(start: int, starts: list[int]) -> int:
    return min(range(len(starts)), key=lambda i: abs(starts[i] - start))


def _nearest(column: int, columns: dict[int, str]) -> int:
    return min(columns, key=lambda known: abs(known - column))


def _header(rows) -> tuple[dict[int, str], int] | None:
    """The columns of a header row naming the source documents and the contact officer in cells of their own."""
    for position, (_, row) in enumerate(rows[:3]):
        keys = {}
        for column, text in row:
            label = _LABEL.match(text)
            if label and not label["rest"]:
                keys[column] = next(key for key, _ in _LABELS if label[key])
        if "sources" in keys.values() and "contacts" in keys.values():
            return keys, position + 1
    return None


def _joined(lines: list[str], *, new_item: re.Pattern | None = None) -> list[str]:
    """Wrapped lines put back together: a line goes on with the one before when that one breaks off mid-phrase."""
    items: list[str] = []
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        continues = items and (
            _CONNECTOR.search(items[-1])
            or line[0].islower()
            or line[0].isdigit()
            or line[0] in "(["
            or " " not in line  # one word alone is the end of a wrapped title: "Plan"
            or (new_item is not None and not new_item.match(line) and not items[-1].endswith(";"))
        )
        if continues:
            items[-1] = f"{items[-1]} {line}"
        else:
            items.append(line)
    return items


def _sources(lines: list[str]) -> list[str]:
    found = []
    for item in _joined(lines):
        for part in item.split(";"):
            part = part.strip().rstrip(".").strip()
            if part and not re.fullmatch(r"none|nil|n/?a|-+|–", part, re.I):
                found.append(part)
    return found


def _people(lines: list[str]) -> list[PersonRead]:
    people = []
    lines = [_CONTACT_DETAIL.sub("", line).strip() for line in lines]
    lines = [line for line in lines if line and not _DETAIL_LABEL.match(line)]
    for item in _joined(lines, new_item=_PERSON_START):
        for part in item.split(";"):
            part = " ".join(part.split()).strip().rstrip(".,")
            if part:
                people.append(_person(part))
    return people


def _person(printed: str) -> PersonRead:
    """ "Name, Post" (or "Name – Post"); the post is everything after the name, as printed."""
    for separator in (",", " – ", " - "):
        if separator in printed:
            name, post = printed.split(separator, 1)
            return PersonRead(name=name.strip(), post=post.strip())
    return PersonRead(name=printed)
