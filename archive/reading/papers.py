"""Reading a board paper: the header, the numbered sections, the recommendations, the bibliography, the faults.

The text comes from `extract.text_of`: running headers and footers are gone
and the first lines carry the marking and the agenda item. Papers are read
line by line, because PDF text has no blank lines between paragraphs: a line
opening with "3.1" starts a paragraph, "4.0 The Board" or "BIBLIOGRAPHY" a
section, and anything else continues what came before. Numbers are kept as
printed; what is wrong with them is reported as faults beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import bibliography
from .common import (
    bullet_text,
    cells,
    join_wrapped,
    number_parts,
    numbering_faults,
    parse_date,
    placeholder_faults,
)
from .extract import running_header
from .result import PAPER, Fault, ParagraphRead, Reading, RecommendationRead, SectionRead

_LABEL = re.compile(
    r"^\s*(?P<label>To|From|Date(?:\s+of\s+(?:the\s+)?(?:meeting|report))?|Report\s+(?:to|from|of|by|date)|Meeting)"
    r"\s*(?::|\t| {2,})\s*(?P<value>.*)$",
    re.I,
)
_NUMBERED = re.compile(r"^\s*(?:[-–•]\s+)?(?P<number>\d{1,2}(?:\.\d{1,2})*\.?)[\s\t]+(?P<text>\S.*)$")
_UNNUMBERED_HEADING = re.compile(
    r"^\s*(?P<text>BIBLIOGRAPHY|Bibliography|BACKGROUND PAPERS|Background [Pp]apers|APPENDI(?:X|CES)\b.{0,50}|"
    r"Appendi(?:x|ces)\s+[A-Z0-9]{1,3}(?:\s*[:–-].{0,50})?)\s*$"
)
_LABELS_APART = r"\s*,\s*|\s+(?:and|&)\s+"  # "Appendices A, B and C"
_APPENDIX_LABEL = r"[A-Z0-9]{1,3}\b"
_APPENDIX_REF = re.compile(
    rf"\b(?:[Aa]ppendi(?:x|ces)|APPENDI(?:X|CES))\s+(?P<labels>{_APPENDIX_LABEL}(?:(?:{_LABELS_APART}){_APPENDIX_LABEL})*)"
)
_VERBS = (
    "note",
    "approve",
    "endorse",
    "agree",
    "consider",
    "comment on",
    "support",
    "accept",
    "adopt",
    "ratify",
    "receive",
    "discuss",
    "review",
    "confirm",
    "authorise",
    "authorize",
    "delegate",
    "scrutinise",
    "decide",
)
_VERB = "|".join(sorted(_VERBS, key=len, reverse=True))
_RECOMMENDED = re.compile(
    rf"^(?:.*?\b(?:is|are)\s+(?:(?:being|hereby)\s+)?(?:recommended|asked|invited|requested|required)\s+to\s+"
    rf"|(?:it\s+is\s+)?recommended\s+that\s+(?:the\s+)?[\w ]{{0,40}}?\s+|that\s+the\s+[\w ]{{0,40}}?\s+|to\s+|)"
    rf"(?:formally\s+|(?:consider\s+and|note\s+and)\s+)?(?P<verb>{_VERB})(?:s|es|d|ed)?\b[\s:]*(?P<text>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_RECOMMEND_HEADING = re.compile(r"recommend", re.I)
_BIBLIOGRAPHY_HEADING = re.compile(
    r"^(?:bibliography|background\s+papers|source\s+documents?(?:\s*\(s\))?|contact\s+officers?(?:\s*\(s\))?)$", re.I
)
_APPENDIX_HEADING = re.compile(r"^appendi(?:x|ces)\s+(?P<label>[A-Z0-9]{1,3})\b", re.I)


@dataclass
class _Paragraph:
    number: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_paragraph(self.lines)


@dataclass
class _Section:
    number: str
    heading: str
    paragraphs: list[_Paragraph] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # every line under the heading, as printed

    @property
    def where(self) -> str:
        return f"section {self.number.rstrip('.')}" if self.number else self.heading.lower()


def read_paper(text: str, *, file: str = "") -> Reading:
    """The fields and faults of the paper in `text` (as `extract.text_of` returns it). Never raises on odd text."""
    reading = Reading(file=file, kind=PAPER, confidence=0.0, text=text, marking="")
    lines = text.splitlines()
    start = _read_header(lines, reading)
    sections = _sections(lines[start:], reading)
    _place(sections, reading)
    reading.faults.extend(_faults(sections, reading))
    reading.confidence = _confidence(reading)
    return reading


# The header ----------------------------------------------------------------


def _read_header(lines: list[str], reading: Reading) -> int:
    """Marking, agenda item, To / From / Date and the title; returns the index of the first line of the body."""
    index = 0
    while index < len(lines) and (not lines[index].strip() or running_header(lines[index])):
        match = running_header(lines[index])
        if match and match["marking"] and not reading.marking:
            reading.marking = _marking(match["marking"])
        if match and match["agenda"] and not reading.agenda_item:
            reading.agenda_item = re.search(r"\d[\d.]*", match["agenda"]).group(0).rstrip(".") or ""
        index += 1
    blocks: list[list[str]] = []  # runs of lines that are not To / From / Date: the first is the title
    gap = True
    while index < len(lines) and index < 80:
        line = lines[index]
        if not line.strip():
            gap = True
        elif label := _LABEL.match(line):
            _header_label(label["label"].lower(), label["value"].strip(), reading)
            gap = True
        elif _heading(line) or _paragraph_start(line):
            break
        else:
            if gap:
                blocks.append([])
            blocks[-1].append(line.strip())
            gap = False
        index += 1
    if blocks:
        reading.title = " ".join(" ".join(blocks[0][:4]).split())
        reading.unplaced.extend(blocks[0][4:] + [line for block in blocks[1:] for line in block])
    return index


def _marking(printed: str) -> str:
    return re.sub(r"[\s–-]+", "-", printed.strip().upper()).strip("-")


def _header_label(label: str, value: str, reading: Reading) -> None:
    value = " ".join(value.split())
    if label.endswith(("to", "meeting")) and not label.startswith("date"):
        reading.board = value
    elif label.endswith(("from", " of", " by")):
        reading.from_ = value
    else:
        printed = parse_date(value)
        reading.date = printed.date if printed else None
        if printed is None and value:
            reading.unplaced.append(f"Date: {value}")
        elif printed and printed.year is None:
            reading.faults.append(Fault("missing_year", "header", f"The paper's date “{value}” has no year."))


# Sections and paragraphs ---------------------------------------------------


def _heading(line: str) -> tuple[str, str] | None:
    """(number as printed, heading) if `line` is a section heading: "1. Purpose", "4.0 The Board", "BIBLIOGRAPHY"."""
    unnumbered = _UNNUMBERED_HEADING.match(line)
    if unnumbered:
        return "", " ".join(unnumbered["text"].split())
    match = _NUMBERED.match(line)
    if not match:
        return None
    parts = number_parts(match["number"])
    text = " ".join(match["text"].split())
    if parts is None or len(parts) != 1 or len(text) > 80 or re.search(r"[.;,]$", text):
        return None
    if not text[0].isupper() or len(text.split()) > 10:
        return None
    return match["number"], text


def _paragraph_start(line: str) -> re.Match | None:
    """A line opening a numbered paragraph, "3.1 The ..." or "- 3.1 The ..." (but not "3.5 million people")."""
    match = _NUMBERED.match(line)
    if not match or match["text"][0].islower():
        return None
    parts = number_parts(match["number"])
    return match if parts and len(parts) > 1 else None


def _sections(lines: list[str], reading: Reading) -> list[_Section]:
    sections: list[_Section] = []
    paragraph: _Paragraph | None = None
    for line in lines:
        heading = _heading(line)
        if heading:
            sections.append(_Section(*heading))
            paragraph = None
            continue
        if not sections:
            if line.strip():
                reading.unplaced.append(line.strip())
            continue
        section = sections[-1]
        section.lines.append(line)
        numbered = _paragraph_start(line)
        if numbered:
            paragraph = _Paragraph(numbered["number"].rstrip("."))
            paragraph.lines.append(" " * (len(line) - len(line.lstrip())) + numbered["text"])
            section.paragraphs.append(paragraph)
            continue
        if paragraph is None:
            if not line.strip():
                continue
            paragraph = _Paragraph("")
            section.paragraphs.append(paragraph)
        paragraph.lines.append(line)
    return sections


def join_paragraph(lines: list[str]) -> str:
    """A paragraph's lines in the body syntax: wrapped lines joined, bullets as "- " lines, tables as pipe tables.

    A blank line inside a paragraph (before its bullets, or where a page
    break fell) starts a new line unless the text before it had not ended
    its sentence. Two or more lines in a row with cells apart by tabs or wide
    gaps are a table (Word's tables come out of `extract` that way).
    """
    blocks: list[tuple[str, list[str]]] = []  # ("text" or "table", lines)
    for line in lines:
        kind = "table" if _table_line(line) else "text"
        if not line.strip():
            blocks.append(("gap", []))
        elif blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(line)
        else:
            blocks.append((kind, [line]))
    text = ""
    for kind, block in blocks:
        if kind == "table" and len(block) < 2:
            kind = "text"
        if kind == "gap":
            continue
        joined = _pipe_table(block) if kind == "table" else join_wrapped(block)
        if not text:
            text = joined
        elif kind == "table" or text.endswith("|") or joined.startswith("- ") or _ENDS_SENTENCE.search(text):
            text = f"{text}\n{joined}"
        else:
            text = f"{text} {joined}"
    return text


_ENDS_SENTENCE = re.compile(r"[.:;!?]['\")”’]?$")


def _table_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped or bullet_text(stripped) is not None or len(cells(stripped)) < 2:
        return False
    # Two spaces after a full stop are a typing habit, not a column.
    return "\t" in stripped or not re.search(r"[.!?:;,] {2,}", stripped)


def _pipe_table(lines: list[str]) -> str:
    rows = [[cell.replace("|", "\\|") for cell in cells(line.strip())] for line in lines]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    printed = ["| " + " | ".join(row) + " |" for row in rows]
    printed.insert(1, "|" + " --- |" * width)
    return "\n".join(printed)


# Putting the sections in their places ---------------------------------------


def _place(sections: list[_Section], reading: Reading) -> None:
    recommendation_sections = [s for s in sections if _RECOMMEND_HEADING.search(s.heading)]
    first_recommendations = recommendation_sections[0] if recommendation_sections else None
    closing = recommendation_sections[-1] if len(recommendation_sections) > 1 else None
    for index, section in enumerate(sections):
        if section is first_recommendations:
            reading.recommendations = _recommendations(section)
        elif section is closing:
            reading.closing_recommendations = _recommendations(section)
        elif _BIBLIOGRAPHY_HEADING.match(section.heading):
            found = bibliography.read(section.lines, under=section.heading)
            reading.source_documents.extend(found.source_documents)
            reading.contact_officers.extend(found.contact_officers)
            reading.location = reading.location or found.location
            reading.unplaced.extend(found.unplaced)
        elif not reading.purpose and (
            (index == 0 and number_parts(section.number) == (1,)) or section.heading.lower().startswith("purpose")
        ):
            reading.purpose = _paragraphs(section)
        else:
            reading.sections.append(SectionRead(section.number, section.heading, _paragraphs(section)))
    for match in _APPENDIX_REF.finditer(reading.text):
        for label in re.split(_LABELS_APART, match["labels"]):
            if label and label not in reading.appendices:
                reading.appendices.append(label)


def _paragraphs(section: _Section) -> list[ParagraphRead]:
    return [ParagraphRead(p.number, p.text) for p in section.paragraphs if p.text]


def _recommendations(section: _Section) -> list[RecommendationRead]:
    """One recommendation a paragraph; "The Board is recommended to:" with bullets gives one a bullet (each keeps
    the paragraph's number, the only one printed)."""
    found = []
    for paragraph in section.paragraphs:
        text = paragraph.text
        if not text:
            continue
        lead, *rest = text.split("\n")
        bullets = [line[2:] for line in rest if line.startswith("- ")]
        if bullets and lead.rstrip().endswith(":"):
            stem = lead.rstrip().rstrip(":")
            for bullet in bullets:
                bullet = re.sub(r"(?:[;,]\s*(?:and|or)?|\s+and)\s*$", "", bullet.strip())
                found.append(_recommendation(paragraph.number, f"{stem} {bullet}", bullet))
        else:
            found.append(_recommendation(paragraph.number, text, text))
    return found


def _recommendation(number: str, sentence: str, printed: str) -> RecommendationRead:
    match = _RECOMMENDED.match(sentence)
    if not match:
        return RecommendationRead(number, "", printed)
    verb = " ".join(match["verb"].lower().split()).replace("authorize", "authorise")
    return RecommendationRead(number, verb, match["text"])


# Faults --------------------------------------------------------------------


def _faults(sections: list[_Section], reading: Reading) -> list[Fault]:
    faults: list[Fault] = []
    numbers = []
    for section in sections:
        if section.number:
            numbers.append(section.number)
        numbers.extend(p.number for p in section.paragraphs if p.number)
    faults.extend(numbering_faults(numbers))
    faults.extend(_recommendation_faults(sections, reading))
    faults.extend(_duplicate_headings(sections))
    faults.extend(placeholder_faults(reading.title, "title"))
    for section in sections:
        if _BIBLIOGRAPHY_HEADING.match(section.heading):
            faults.extend(placeholder_faults("\n".join(section.lines), "bibliography"))
            continue
        for paragraph in section.paragraphs:
            where = f"paragraph {paragraph.number}" if paragraph.number else section.where
            faults.extend(placeholder_faults(paragraph.text, where))
    if not reading.contact_officers:
        faults.append(Fault("no_contact_officer", "bibliography", "The paper names no contact officer."))
    faults.extend(_appendix_faults(sections, reading))
    return faults


def _normal(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.lower()).strip()


def _recommendation_faults(sections: list[_Section], reading: Reading) -> list[Fault]:
    opening, closing = reading.recommendations, reading.closing_recommendations
    if not closing:
        return []
    closing_section = [s for s in sections if _RECOMMEND_HEADING.search(s.heading)][-1]
    first_section = [s for s in sections if _RECOMMEND_HEADING.search(s.heading)][0]
    faults = []
    for before, after in zip(opening, closing, strict=False):
        if (_normal(before.verb), _normal(before.text)) != (_normal(after.verb), _normal(after.text)):
            where = f"paragraph {after.number}" if after.number else closing_section.where
            faults.append(
                Fault(
                    "recommendations_differ",
                    where,
                    f"Recommendation {after.number or 'in ' + closing_section.where} differs from "
                    f"{before.number or 'the one in ' + first_section.where}.",
                )
            )
    if len(opening) != len(closing):
        faults.append(
            Fault(
                "recommendations_differ",
                closing_section.where,
                f"{closing_section.where.capitalize()} has {len(closing)} recommendations; "
                f"{first_section.where} has {len(opening)}.",
            )
        )
    return faults


def _duplicate_headings(sections: list[_Section]) -> list[Fault]:
    seen: dict[str, _Section] = {}
    faults = []
    for section in sections:
        key = _normal(section.heading)
        if not key or _RECOMMEND_HEADING.search(key):
            continue  # the closing recommendations repeat section 2's heading by design
        if key in seen:
            first = seen[key]
            faults.append(
                Fault(
                    "duplicate_heading",
                    section.where,
                    f"{section.where.capitalize()} has the same heading as {first.where}: “{section.heading}”.",
                )
            )
        else:
            seen[key] = section
    return faults


def _appendix_faults(sections: list[_Section], reading: Reading) -> list[Fault]:
    supplied = {m["label"].upper() for s in sections if (m := _APPENDIX_HEADING.match(s.heading))}
    faults = []
    for label in reading.appendices:
        if label.upper() in supplied:
            continue
        where = _first_reference(sections, label)
        faults.append(
            Fault(
                "missing_appendix",
                where,
                f"Appendix {label} is referred to in {where} but was not supplied with the paper.",
            )
        )
    return faults


def _first_reference(sections: list[_Section], label: str) -> str:
    for section in sections:
        for paragraph in section.paragraphs:
            for match in _APPENDIX_REF.finditer(paragraph.text):
                if label in re.split(_LABELS_APART, match["labels"]):
                    return f"paragraph {paragraph.number}" if paragraph.number else section.where
    return "the paper"


def _confidence(reading: Reading) -> float:
    found = [
        bool(reading.board),
        bool(reading.from_),
        reading.date is not None,
        bool(reading.title),
        bool(reading.purpose),
        bool(reading.recommendations),
        bool(reading.contact_officers or reading.source_documents),
        bool(reading.sections),
    ]
    return round(0.2 + 0.8 * sum(found) / len(found), 2)
