"""What the paragraphs of minutes say: apologies, declarations, decisions, and the dates of the meeting."""

from __future__ import annotations

import re
from datetime import date

from ..common import PrintedDate, parse_date
from ..result import DecisionRead, Fault, ParagraphRead, Reading, SectionRead
from .layout import NONE_GIVEN, Parsed, clean_name, looks_like_post

# Names up to the full stop, which is not the one after an initial or a title ("A. Morgan", "Dr. Patel").
_NAMES = r"(?:[^.]|(?<=\b[A-Z])\.|(?<=Mr)\.|(?<=Ms)\.|(?<=Mrs)\.|(?<=Dr)\.|(?<=Cllr)\.)+"
APOLOGY_SENTENCE = re.compile(
    r"apologies(?:\s+for\s+absence)?\s+(?:were|was|had\s+been)\s+(?:received|given|noted|tendered)"
    r"(?:\s+and\s+(?:accepted|noted))?\s+(?:from|by|on\s+behalf\s+of)\s+(?P<names>" + _NAMES + ")"
    r"|^apologies(?:\s+for\s+absence)?\s*[:\-–]\s*(?P<listed>" + _NAMES + ")",
    re.I,
)
NO_DECLARATIONS = re.compile(r"\bno\s+(?:declarations|interests?\s+(?:were|was)\s+declared)|^\s*none\b", re.I)
DECLARED = re.compile(r"\bdeclared\s+(?:an?\s+|their\s+|his\s+|her\s+)?(?:\w+\s+)?interest", re.I)
_DECIDED = r"(?:noted|approved|accepted|agreed|endorsed|resolved|ratified|adopted|rejected|deferred|supported)\b"
DECISION = re.compile(
    # "The Board noted ...", "The Joint Audit Committee formally accepted ...", "It was resolved that ..."
    r"^(?:(?:The|This)\s+(?:[A-Z][\w&’'-]*\s+){0,5}?(?:Board|Committee|Panel|Group|Commissioner|PCC|Meeting)"
    r"|Members|It\s+was)\b[^.;]*?\b(?:formally\s+|unanimously\s+|duly\s+)?" + _DECIDED + r"|"
    # "The minutes of the meeting held on ... were approved as a correct record."
    r"^The\s+(?:minutes|report|recommendations?|action\s+log|update|proposals?)\b[^.;]*?\b(?:was|were)\s+"
    r"(?:formally\s+|unanimously\s+|duly\s+)?" + _DECIDED + r"|"
    r"^(?:RESOLVED|AGREED|Resolved|Agreed)\b"
)  # Not after an initial or a title: "A. Morgan", "Cllr. Patel".
SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bMrs\.)(?<!\bCllr\.)\s+(?=[A-Z\"'“(])"
)


def _printed(found: PrintedDate) -> str:
    return f"{found.day} {date(2000, found.month, 1):%B}"


def sentences_of(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def paragraphs_of(items: list[SectionRead]):
    for item in items:
        for paragraph in item.paragraphs:
            yield item, paragraph


def where_of(item: SectionRead, paragraph: ParagraphRead | None = None) -> str:
    if paragraph is not None and paragraph.number:
        return f"paragraph {paragraph.number}"
    return f"item {item.number}" if item.number else "header"


# -- Fields out of the paragraphs ---------------------------------------------------------------------------------


def _split_names(text: str) -> list[str]:
    text = re.sub(r"\s*\([^)]*\)", "", text)
    names = []
    for part in re.split(r",\s*|;\s*|\s+and\s+|\s+&\s+", text):
        part = clean_name(re.sub(r"^(?:and|from)\s+", "", part.strip(), flags=re.I))
        # "Ravi Chandra, Chief Finance Officer": a post after the name is not a person.
        if not part or not re.match(r"[A-Z]", part) or (names and looks_like_post(part)):
            continue
        names.append(part)
    return [name for name in names if name]


def apologies_in(parsed: Parsed) -> list[tuple[str, str]]:
    """Each (name, where) who gave apologies: in a list of the header, or in a sentence of an item."""
    found = [(person.name, "header") for person in parsed.apologies_listed]
    for item, paragraph in paragraphs_of(parsed.items):
        for sentence in sentences_of(paragraph.text):
            if match := APOLOGY_SENTENCE.search(sentence):
                names = match.group("names") or match.group("listed")
                if NONE_GIVEN.match(names):
                    continue
                found += [(name, where_of(item, paragraph)) for name in _split_names(names)]
    return found


def declarations_in(items: list[SectionRead]) -> list[str]:
    declarations = []
    for item, paragraph in paragraphs_of(items):
        in_item = "declaration" in item.heading.lower() or "interest" in item.heading.lower()
        for sentence in sentences_of(paragraph.text):
            if NO_DECLARATIONS.search(sentence):
                continue
            if DECLARED.search(sentence) or (in_item and not APOLOGY_SENTENCE.search(sentence)):
                declarations.append(sentence)
    return declarations


def decisions_in(items: list[SectionRead]) -> list[DecisionRead]:
    decisions = []
    for _item, paragraph in paragraphs_of(items):
        for block in paragraph.text.split("\n"):
            if block.startswith("- "):
                continue
            for sentence in sentences_of(block):
                if DECISION.search(sentence):
                    decisions.append(DecisionRead(paragraph=paragraph.number, text=sentence))
    return decisions


# -- Dates: the meeting's, the next meeting's, the signature's ----------------------------------------------------


def read_dates(reading: Reading, parsed: Parsed, faults: list[Fault]) -> None:
    meeting = parse_date(parsed.date_text) if parsed.date_text else None
    next_found = None
    for item, paragraph in paragraphs_of(parsed.items):
        if "next meeting" in item.heading.lower() or "next meeting" in paragraph.text.lower():
            text = paragraph.text
            if "next meeting" in text.lower():
                text = text[text.lower().index("next meeting") :]
            if next_found := parse_date(text):
                break
    signed = parse_date(parsed.signed_text) if parsed.signed_text else None

    reading.next_meeting = next_found.date if next_found else None
    reading.signed_on = signed.date if signed else None
    if meeting and meeting.year:
        reading.date = meeting.date
    elif meeting:
        later = [(reading.next_meeting, "the date of the next meeting"), (reading.signed_on, "the date it was signed")]
        for known, source in later:
            if known:
                year = known.year if (meeting.month, meeting.day) <= (known.month, known.day) else known.year - 1
                reading.date = meeting.in_year(year)
                faults.append(
                    Fault(
                        "missing_year",
                        "header",
                        f"The meeting's date “{parsed.date_text.strip()}” has no year; "
                        f"{year} was inferred from {source} "
                        f"({known.day} {known.strftime('%B %Y')}).",
                    )
                )
                break
        else:
            faults.append(
                Fault(
                    "missing_year",
                    "header",
                    f"The meeting's date “{parsed.date_text.strip()}” has no year, and none could be inferred: "
                    "no next meeting or signature date gives one.",
                )
            )
    # A later date without a year follows the meeting.
    held = reading.date
    for found, attribute, where, what in (
        (next_found, "next_meeting", _next_where(parsed), "The next meeting's date"),
        (signed, "signed_on", "signature", "The signature's date"),
    ):
        if found and not found.year:
            if held:
                year = held.year if (found.month, found.day) >= (held.month, held.day) else held.year + 1
                setattr(reading, attribute, found.in_year(year))
                message = f"{what} “{_printed(found)}” has no year; {year} was inferred from the meeting's date."
            else:
                message = f"{what} “{_printed(found)}” has no year, and the meeting's date gives none."
            faults.append(Fault("missing_year", where, message))


def _next_where(parsed: Parsed) -> str:
    for item, paragraph in paragraphs_of(parsed.items):
        if "next meeting" in paragraph.text.lower() or "next meeting" in item.heading.lower():
            return where_of(item, paragraph)
    return "header"
