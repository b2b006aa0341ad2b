"""What papers and minutes have in common: printed dates, printed numbers, placeholders, table lines, wrapped text.

Both readers work on text as Word and PDF export it, so these helpers take
the text as printed and never raise on odd input: a date that cannot be read
is None, a line with one cell is a list of one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .result import Fault

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WRITTEN_DATE = re.compile(
    rf"\b(?P<day>[0-3]?\d)\s*(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\.?(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
_US_WRITTEN_DATE = re.compile(
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"\b(?P<day>[0-3]?\d)[/.-](?P<month>[01]?\d)[/.-](?P<year>(?:19|20)?\d\d)\b")


@dataclass(frozen=True)
class PrintedDate:
    """A date as printed. `year` is None when the document left it out: the caller infers it and flags it."""

    day: int
    month: int
    year: int | None = None

    @property
    def date(self) -> date | None:
        """The date, or None when the year is missing."""
        return self.in_year(self.year) if self.year else None

    def in_year(self, year: int) -> date | None:
        """The date in `year` (None for 29 February in a year that has none)."""
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None


def parse_date(text: str) -> PrintedDate | None:
    """The first date printed in `text`, or None.

    Takes "13 December 2018", "12th December 2017", "Tuesday 13th of Dec. 2018",
    "December 13, 2018", "13/12/2018", "13.12.18" (day first, as UK offices
    write it) and "13 December" with no year (`year` is None). Dates that do
    not exist (31 February) are not dates.
    """
    text = text or ""
    found: list[tuple[int, PrintedDate]] = []
    for pattern in (_WRITTEN_DATE, _US_WRITTEN_DATE, _NUMERIC_DATE):
        for match in pattern.finditer(text):
            parts = _parts(match)
            if parts:
                found.append((match.start(), parts))
                break
    if not found:
        return None
    # The earliest in the text; at the same place a date with its year beats one without.
    return min(found, key=lambda hit: (hit[0], hit[1].year is None))[1]


def _parts(match: re.Match) -> PrintedDate | None:
    day = int(match["day"])
    month_text = match["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
    year = match["year"]
    year_number = None
    if year:
        year_number = int(year) if len(year) == 4 else 2000 + int(year)
    parts = PrintedDate(day, month, year_number)
    # A day/month pair must exist in some year (a leap year for 29 February).
    if parts.in_year(year_number or 2000) is None:
        return None
    return parts


# Printed numbers -----------------------------------------------------------

_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")


def number_parts(printed: str) -> tuple[int, ...] | None:
    """ "4", "4.0" and "4." are section 4: (4,); "3.1" is (3, 1). None for what is not a number."""
    printed = printed.strip()
    if not _NUMBER.match(printed):
        return None
    parts = [int(part) for part in printed.rstrip(".").split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def numbering_faults(numbers: Iterable[str], *, top: str = "section", below: str = "paragraph") -> list[Fault]:
    """Numbers skipped or repeated in `numbers`, the printed numbers of a document in reading order.

    Section numbers ("4", "4.0", "4.") are called `top` in the `where` of a
    fault ("section 4.0"; minutes pass top="item"), deeper numbers `below`
    ("paragraph 4.7"). Each number is checked against the last one under the
    same parent: 4.6 then 4.8 is a gap at 4.8, a second 3.4 a repeat; the first
    paragraph of a section should be .1. Numbers are quoted as printed.
    """
    faults: list[Fault] = []
    seen: set[tuple[int, ...]] = set()
    last_child: dict[tuple[int, ...], tuple[int, str]] = {}
    for printed in numbers:
        parts = number_parts(printed)
        if parts is None:
            continue
        printed = printed.strip().rstrip(".")  # "section 4", not "section 4."
        where = f"{top if len(parts) == 1 else below} {printed}"
        if parts in seen:
            faults.append(Fault("numbering_repeat", where, f"{where.capitalize()} is numbered twice."))
            continue
        seen.add(parts)
        parent, own = parts[:-1], parts[-1]
        previous = last_child.get(parent)
        expected = previous[0] + 1 if previous else 1
        if own > expected:
            first, last = _format(parent + (expected,)), _format(parent + (own - 1,))
            after = f"follows {previous[1]}" if previous else "comes first"
            skipped = f"{first} is missing" if first == last else f"{first} to {last} are missing"
            faults.append(Fault("numbering_gap", where, f"{where.capitalize()} {after}: {skipped}."))
        elif own < expected and previous:
            faults.append(
                Fault("numbering_gap", where, f"{where.capitalize()} follows {previous[1]}: the numbers go backwards.")
            )
        if previous is None or own > previous[0]:
            last_child[parent] = (own, printed)
    return faults


def _format(parts: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in parts)


# Placeholders --------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"(?<![\w\[])(?:X{3,}(?:k|m|bn)?|x{3,}|TBC|TBA|TBD|tbc|tba|tbd)(?![\w\]])"  # XXXX, TBC, TBA on their own
    r"|\[\s*(?:TBC|TBA|TBD|X+)\s*\]"  # [TBC], [XX]
    r"|[\[<{]\s*insert\b[^\]>}\n]{0,60}[\]>}]?",  # [insert name], <insert date>
    re.IGNORECASE,
)
_CASE_SENSITIVE = re.compile(r"^(?:X{3,}(?:k|m|bn)?|x{3,}|TBC|TBA|TBD|tbc|tba|tbd)$")


def placeholders(text: str) -> list[str]:
    """Placeholder text left in `text`, as printed: "XXXX", "TBC", "TBA", "[insert date]".

    Whole words only: "Exxon", "TBCs" or "XXL" are not placeholders, and
    mixed-case "Tbc" is read as a word, not a marker.
    """
    found = []
    for match in _PLACEHOLDER.finditer(text or ""):
        value = match.group(0).strip()
        if value[0] not in "[<{" and not _CASE_SENSITIVE.match(value):
            continue
        found.append(value)
    return found


def placeholder_faults(text: str, where: str) -> list[Fault]:
    """One `placeholder` fault per placeholder in `text`, found at `where` ("paragraph 3.2", "bibliography")."""
    place = where if re.search(r"\d", where) else f"the {where}"  # "paragraph 3.2", "the bibliography"
    return [
        Fault("placeholder", where, f"Placeholder text “{value}” was left in {place}.") for value in placeholders(text)
    ]


# Table lines ---------------------------------------------------------------

_CELL_GAP = re.compile(r" *\t *| {2,}")


def cells(line: str) -> list[str]:
    """A table line as its cells: tabs, or two spaces or more, between cells.

    A line indented by a gap opens with an empty cell ("" then the text): it
    continues a cell of the line above. Two tabs in a row leave an empty cell.
    """
    line = line.rstrip()
    if not line.strip():
        return []
    parts = _CELL_GAP.split(line)
    return [part.strip() for part in parts]


def cell_spans(line: str, *, tab_size: int = 8) -> list[tuple[int, str]]:
    """The cells of `line` with the column each starts at (tabs expanded), to align wrapped cells."""
    line = line.expandtabs(tab_size).rstrip()
    spans = []
    for match in re.finditer(r"\S+(?: \S+)*", line):
        spans.append((match.start(), match.group(0)))
    return spans


# Wrapped lines -------------------------------------------------------------

_BULLET = re.compile(r"^(?:[-–•▪◦·*o]|\uf0b7|\uf0a7)\s+(?=\S)")
_ENDS_SENTENCE = re.compile(r"[.:;!?]['\")”’]?$")


def indent_of(line: str) -> int:
    line = line.expandtabs(4)
    return len(line) - len(line.lstrip())


def bullet_text(line: str) -> str | None:
    """The text of a bullet line ("- text", "• text", "o text"), or None if `line` is no bullet."""
    stripped = line.strip()
    match = _BULLET.match(stripped)
    return stripped[match.end() :] if match else None


def join_wrapped(lines: Sequence[str]) -> str:
    """One paragraph from its hard-wrapped `lines`, in the portal's body syntax.

    Wrapped lines join with a space ("well-" + "being" keeps its hyphen and no
    space). Bullet lines ("-", "•", "o", Word's symbol bullets) become "- "
    lines; a line indented deeper than its bullet, or following a bullet that
    has not ended its sentence, continues the bullet.
    """
    out: list[str] = []  # finished lines; the last one may still grow
    bullet_indent: int | None = None
    for raw in lines:
        if not raw.strip():
            continue
        text = " ".join(raw.split())
        bullet = bullet_text(raw)
        if bullet is not None:
            out.append("- " + bullet)
            bullet_indent = indent_of(raw)
            continue
        if out and bullet_indent is not None:
            continues = indent_of(raw) > bullet_indent or not _ENDS_SENTENCE.search(out[-1])
            if not continues:
                out.append(text)
                bullet_indent = None
                continue
        if not out:
            out.append(text)
        else:
            out[-1] = _glue(out[-1], text)
    return "\n".join(out)


def _glue(left: str, right: str) -> str:
    if re.search(r"\w-$", left) and not left.endswith(" -"):
        return left + right
    return f"{left} {right}"


def paragraphs(text: str) -> list[str]:
    """`text` split at blank lines, each block joined by `join_wrapped`."""
    blocks: list[list[str]] = [[]]
    for line in (text or "").splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [join_wrapped(block) for block in blocks if block]
