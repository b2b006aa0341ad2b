"""Reading the minutes of a meeting, as offices have typed them for years.

The header (marking, board, status, date, time, place), the tables of who
was there, the numbered items with their numbered paragraphs, and the tail
(signature, key to initials) are read in one pass over the lines. Then the
sentences that matter are picked out of the paragraphs (apologies,
declarations, decisions, the next meeting) and the faults are listed, each
where a reader of the original would find it. Numbers are kept as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .common import PrintedDate, cells, join_wrapped, numbering_faults, parse_date, placeholder_faults
from .result import MINUTES, DecisionRead, Fault, ParagraphRead, PersonRead, Reading, SectionRead

MARKING = re.compile(r"^\s*(OFFICIAL[\s-]+SENSITIVE|OFFICIAL|PROTECT|RESTRICTED|NOT PROTECTIVELY MARKED)\b", re.I)
STATUS = re.compile(
    r"^\s*(?:(?P<status>APPROVED|CONFIRMED|DRAFT|UNCONFIRMED|UNAPPROVED)\s+)?MINUTES\b(?P<rest>.*)$", re.I
)
MINUTES_OF = re.compile(
    r"^(?:of\s+)?(?:(?:a|the)\s+)?(?:meeting\s+of\s+(?:the\s+)?)?(?P<board>.+?)"
    r"(?:\s*,?\s+held\s+(?:on\s+)?(?P<when>.*))?$",
    re.I,
)
FIELD = re.compile(r"^\s*(?P<label>Date|Time|Location|Venue|Place)\s*:\s*", re.I)
LIST_HEADINGS = {
    "members": re.compile(r"^\s*(?:Board\s+)?(?:Members(?:\s+present)?|Present)\s*:\s*(?P<rest>.*)$", re.I),
    "in_attendance": re.compile(r"^\s*(?:(?:Officers\s+)?In\s+attendance|Also\s+present)\s*:\s*(?P<rest>.*)$", re.I),
    "apologies": re.compile(r"^\s*Apologies(?:\s+for\s+absence)?\s*:\s*(?P<rest>.*)$", re.I),
}
ITEM = re.compile(r"^(?P<number>[1-9]\d?)(?P<suffix>\.0|\.)?\s+(?P<heading>[A-Z].*)$")
PARAGRAPH = re.compile(r"^(?:[-•]\s+)?(?P<number>[1-9]\d?\.[1-9]\d?)\.?\s+(?P<text>\S.*)$")
TIME = r"\d{1,2}(?:[.:]\d\d)?\s*(?:[ap]\.?m\.?)?"
ACTION = re.compile(r"^Action\b[^:]{0,30}:")  # "Action 2025/05: PL to publish ...", a line of its own
INLINE_BULLET = re.compile(r"\s+[•▪◦\uf0b7]\s+")  # bullets a PDF or a pasted list left inside a line
SIGNED = re.compile(r"^\s*Signed(?:\s+by)?\s*[:\-–]?\s*(?P<rest>.*)$", re.I)
KEY = re.compile(r"^\s*Key\s+to\s+initials\s*:?\s*(?P<rest>.*)$", re.I)
KEY_PAIR = re.compile(r"\b(?P<initials>[A-Z]{2,4})\b\s*[-–=:]?\s*(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)")
TITLES = re.compile(
    r"^(?:(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Rev|Revd|Supt|Ch\.?\s*Supt|"
    r"Chief\s+Superintendent|Superintendent|Insp|Inspector|DCI|DI|ACC|DCC|CC)\.?\s+)+",
    re.I,
)
CHAIR = re.compile(r"\s*(?:\(\s*(?:in\s+the\s+)?chair(?:man|woman|person)?\s*\)|[,–-]\s*chair(?:man|person)?$)", re.I)
CHAIR_LINE = re.compile(r"^\s*(?:In\s+the\s+)?Chair(?:man|person)?\s*:\s*(?P<name>\S.*)$", re.I)
NONE_GIVEN = re.compile(r"^\s*(?:none|nil|n/a|no apologies\b.*|there were no\b.*)\.?\s*$", re.I)
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
)
INITIALS_USE = re.compile(
    r"(?<![\w’'/-])(?<!the )(?<!The )(?<!of )(?<!a )(?<!an )(?P<initials>[A-Z]{2,3})(?![\w’'/-])"
    # followed by what a person does: "JP introduced", "SO notes", "PL to publish", "AM and SO"
    r"(?=\s+(?:[a-z]+ed|(?!was\b|has\b|is\b|does\b)[a-z]+s|to|will|would|said|and\s+[A-Z]{2,3})\b)"
)
#: Posts written as initials ("the DCC noted") and bodies' acronyms ("NHS partners"), which are no one's initials.
NOT_INITIALS = set(
    "PCC DPCC CC DCC ACC CFO CEO CE HR IT ICT UK EU AOB NHS CPS ASB CSP VRU MOU KPI RAG PCP PSD CID MASH VAT "
    "ICO LGA OPCC BCB JAC".split()
)
# Not after an initial or a title: "A. Morgan", "Cllr. Patel".
SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bMrs\.)(?<!\bCllr\.)\s+(?=[A-Z\"'“(])"
)


def read_minutes(text: str, *, file: str = "") -> Reading:
    """The fields and faults of one set of minutes; never raises on odd input."""
    parsed = _Parser(text).parse()
    reading = Reading(
        file=file,
        kind=MINUTES,
        confidence=0.5,
        marking=parsed.marking,
        board=parsed.board,
        status=parsed.status,
        time=parsed.time,
        place=parsed.place,
        members=parsed.members,
        in_attendance=parsed.in_attendance,
        chair=parsed.chair,
        items=parsed.items,
        signed_by=parsed.signed_by,
        unplaced=parsed.unplaced,
        text=text,
    )
    faults: list[Fault] = []
    apologies = _apologies(parsed)
    reading.apologies = [name for name, _ in apologies]
    reading.declarations = _declarations(parsed.items)
    reading.decisions = _decisions(parsed.items)
    _dates(reading, parsed, faults)
    faults += _attendance_faults(reading, parsed, apologies)
    faults += _initials_faults(reading, parsed, apologies)
    faults += _numbering_faults(parsed.items)
    faults += _placeholder_faults(parsed)
    reading.faults = faults
    found = [reading.date, reading.members, reading.items, reading.signed_by or reading.next_meeting, reading.board]
    reading.confidence = round(0.5 + 0.09 * sum(bool(f) for f in found), 2)
    return reading


# -- Lines into parts --------------------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str  # stripped
    indent: int
    blank_before: bool


@dataclass
class _Parsed:
    marking: str | None = ""
    board: str = ""
    status: str = ""
    date_text: str = ""
    time: str = ""
    place: str = ""
    members: list[PersonRead] = field(default_factory=list)
    in_attendance: list[PersonRead] = field(default_factory=list)
    apologies_listed: list[PersonRead] = field(default_factory=list)
    chair: str = ""
    items: list[SectionRead] = field(default_factory=list)
    signed_by: str = ""
    signed_text: str = ""
    key: dict[str, str] = field(default_factory=dict)
    header_text: str = ""
    unplaced: list[str] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str):
        self.lines: list[_Line] = []
        blank = True
        for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
            raw = raw.replace("\u00a0", " ").rstrip()
            if not raw.strip():
                blank = True
                continue
            expanded = raw.expandtabs(8)
            self.lines.append(_Line(raw.strip(), len(expanded) - len(expanded.lstrip()), blank))
            blank = False
        self.out = _Parsed()
        self.position = 0
        self.open: list[list[str]] | None = None  # the lines of the paragraph being read, in blank-separated blocks

    def parse(self) -> _Parsed:
        self._header()
        self._body()
        return self.out

    # The header: everything before the first numbered item.
    def _header(self) -> None:
        out = self.out
        header_lines = []
        while self.position < len(self.lines):
            line = self.lines[self.position]
            if self._is_item(line) or PARAGRAPH.match(line.text):
                break
            header_lines.append(line.text)
            self.position += 1
            if out.marking == "" and (match := MARKING.match(line.text)) and not out.board:
                out.marking = re.sub(r"[\s-]+", "-", match.group(1).upper())
                rest = line.text[match.end() :].strip()
                if not rest or re.match(r"Agenda\s+Item", rest, re.I):
                    continue
                line = _Line(rest, line.indent, line.blank_before)
            if list_name := self._list_heading(line):
                self._people(list_name, line)
                continue
            if match := STATUS.match(line.text):
                out.status = _status(match.group("status"))
                rest = match.group("rest").strip()
                # "MINUTES OF THE ... HELD ON 13 MAY 2025 AT 14:00, MEETING ROOM 1" may run over lines.
                while rest and self.position < len(self.lines) and not self.lines[self.position].blank_before:
                    following = self.lines[self.position]
                    if FIELD.match(following.text) or self._list_heading(following) or self._is_item(following):
                        break
                    rest += " " + following.text
                    self.position += 1
                if (of := MINUTES_OF.match(rest)) and of.group("board").strip():
                    self._minutes_of(of)
                continue
            if FIELD.match(line.text):
                self._fields(line)
                continue
            if chair := CHAIR_LINE.match(line.text):
                out.chair = _clean_name(chair.group("name"))
                continue
            if not out.board and not out.date_text and re.search(r"[A-Za-z]", line.text):
                out.board = _board_name(line.text)
                continue
            out.unplaced.append(line.text)
        out.header_text = "\n".join(header_lines)

    def _minutes_of(self, of: re.Match) -> None:
        board = of.group("board")
        when = of.group("when") or ""
        self.out.board = _board_name(board)
        if not when:
            return
        # The date, then "at" the time, then the place: "TUESDAY 4TH DECEMBER 2018 AT 10.00AM, ROOM 2".
        time = re.search(r"\s(?:at\s+)?(\d{1,2}(?:[.:]\d\d)?\s*(?:[ap]\.?m\.?)|\d{1,2}[.:]\d\d)(?=[\s,]|$)", when, re.I)
        year = re.search(r"\b(?:19|20)\d\d\b", when)
        end = time.start() if time else year.end() if year else len(when.split(",")[0])
        self.out.date_text = when[:end]
        if time:
            self.out.time = _time(time.group(1))
            end = time.end()
        when = when[end:]
        place = re.sub(r"^\s*(?:,|at|in)\s*", "", when.strip(), flags=re.I).strip(" ,.")
        self.out.place = _board_name(place) if place.isupper() else place

    def _fields(self, line: _Line) -> None:
        """`Date: 13 May 2025   Time: 14:00` and `Location: ...`, several to a line, a location over two lines."""
        parts = re.split(r"(?:^|\s+)(Date|Time|Location|Venue|Place)\s*:\s*", line.text, flags=re.I)
        last = ""
        for label, value in zip(parts[1::2], parts[2::2], strict=True):
            label, value = label.lower(), value.strip()
            if label == "date":
                self.out.date_text = value
                time = re.search(r"(?:,|\bat)\s*(\d{1,2}(?:[.:]\d\d)?\s*(?:[ap]\.?m\.?)?)$", value, re.I)
                if time:
                    self.out.time = _time(time.group(1))
            elif label == "time":
                following = self.lines[self.position].text if self.position < len(self.lines) else ""
                if not value and re.fullmatch(TIME, following, re.I):
                    value = following  # a table cell in a PDF wrapped the time onto the next line
                    self.position += 1
                self.out.time = _time(value)
            else:
                self.out.place = value
            last = label
        if last in ("location", "venue", "place"):
            while self.position < len(self.lines):
                following = self.lines[self.position]
                if following.blank_before or following.indent <= line.indent and FIELD.match(following.text):
                    break
                if self._list_heading(following) or self._is_item(following) or STATUS.match(following.text):
                    break
                self.out.place += " " + following.text
                self.position += 1

    def _list_heading(self, line: _Line) -> str:
        for name, pattern in LIST_HEADINGS.items():
            if pattern.match(line.text):
                return name
        return ""

    def _people(self, list_name: str, heading: _Line) -> None:
        rows: list[tuple[_Line, list[str]]] = []
        rest = LIST_HEADINGS[list_name].match(heading.text).group("rest").strip()
        if rest:
            rows.append((heading, _cells(rest)))
        while self.position < len(self.lines):
            line = self.lines[self.position]
            if self._list_heading(line) or self._is_item(line) or PARAGRAPH.match(line.text):
                break
            if FIELD.match(line.text) or STATUS.match(line.text) or SIGNED.match(line.text) or KEY.match(line.text):
                break
            if line.blank_before and rows and line.indent <= heading.indent and len(_cells(line.text)) < 2:
                break
            rows.append((line, _cells(line.text)))
            self.position += 1
        people: list[PersonRead] = []
        name_indent = None
        for line, row_cells in rows:
            if NONE_GIVEN.match(line.text):
                continue
            if len(row_cells) == 1 and people and name_indent is not None and line.indent > name_indent + 2:
                people[-1].post = f"{people[-1].post} {row_cells[0]}".strip()  # a post wrapped onto the next line
                continue
            if people and len(people[-1].name.split()) == 1 and line.indent == name_indent:
                # A name is two words at least: one word alone was wrapped in its cell, and maybe the post with it.
                if len(row_cells) == 1 or len(row_cells[0].split()) == 1:
                    people[-1].name = f"{people[-1].name} {_clean_name(row_cells[0])}"
                    people[-1].post = " ".join([people[-1].post, *row_cells[1:]]).strip()
                    continue
            if len(row_cells) == 1 and ("," in row_cells[0] or " – " in row_cells[0] or " - " in row_cells[0]):
                names = [c for c in re.split(r",\s*|;\s*|\s+and\s+", row_cells[0]) if c]
                if all(_looks_like_name(CHAIR.sub("", name)) for name in names):  # "A (Chair), B and C" on one line
                    people += [self._person(name, "") for name in names]
                    continue
                row_cells = [part.strip() for part in re.split(r",\s*|\s+[–-]\s+", row_cells[0], maxsplit=1)]
            if name_indent is None and line is not heading:
                name_indent = line.indent
            people.append(self._person(row_cells[0], " ".join(row_cells[1:])))
        getattr(self.out, "apologies_listed" if list_name == "apologies" else list_name).extend(people)

    def _person(self, name: str, post: str) -> PersonRead:
        chair = bool(CHAIR.search(name) or CHAIR.search(post) or post.strip().lower() == "chair")
        name = _clean_name(CHAIR.sub("", name))
        post = CHAIR.sub("", post).strip(" ,;")
        if post.lower() == "chair":
            post = ""
        if chair and not self.out.chair:
            self.out.chair = name
        return PersonRead(name=name, post=post)

    def _is_item(self, line: _Line) -> bool:
        match = ITEM.match(line.text)
        if not match or len(match.group("heading")) > 120 or match.group("heading").rstrip().endswith((",", ";")):
            return False
        if match.group("suffix") == "." and re.match(r"\d", match.group("heading")):
            return False
        # A wrapped line that happens to start with a number ("12 months ...") is not an item.
        return line.blank_before or not self.out.items or self._last_text_ended()

    def _last_text_ended(self) -> bool:
        if self.position == 0:
            return True
        return self.lines[self.position - 1].text.endswith((".", ":", "?", "!")) or not self.out.items[-1].paragraphs

    # The body: numbered items, then the signature and the key to initials.
    def _body(self) -> None:
        out = self.out
        tail = False
        while self.position < len(self.lines):
            line = self.lines[self.position]
            self.position += 1
            if match := SIGNED.match(line.text):
                self._signed(match.group("rest"))
                tail = True
                self._close()
                continue
            if match := KEY.match(line.text):
                self._key(match.group("rest"))
                tail = True
                self._close()
                continue
            if tail:
                if re.match(r"^(?:Date|Chair|Name)\s*:", line.text, re.I):
                    self._signed(line.text)
                else:
                    out.unplaced.append(line.text)
                continue
            self.position -= 1
            is_item = self._is_item(line)
            self.position += 1
            if is_item:
                self._close()
                match = ITEM.match(line.text)
                number = match.group("number") + (match.group("suffix") or "").rstrip(".")
                out.items.append(SectionRead(number=number, heading=match.group("heading").strip()))
                continue
            if not out.items:
                out.items.append(SectionRead(number="", heading=""))
            item = out.items[-1]
            raw = " " * line.indent + line.text
            if match := PARAGRAPH.match(line.text):
                self._close()
                item.paragraphs.append(ParagraphRead(number=match.group("number"), text=""))
                self.open = [[" " * (line.indent + match.start("text")) + match.group("text")]]
            elif self.open is None:
                item.paragraphs.append(ParagraphRead(number="", text=""))
                self.open = [[raw]]
            elif line.blank_before or ACTION.match(line.text):
                self.open.append([raw])
            else:
                self.open[-1].append(raw)
        self._close()

    def _close(self) -> None:
        """The open paragraph's text in the portal's body syntax: wrapped lines joined, bullets as "- " lines."""
        if self.open is None:
            return
        text = ""
        for block in self.open:
            joined = INLINE_BULLET.sub("\n- ", join_wrapped(block))
            text += ("\n" if joined.startswith("- ") else "\n\n") + joined if text else joined
        self.out.items[-1].paragraphs[-1].text = text
        self.open = None

    def _signed(self, rest: str) -> None:
        date_part = re.split(r"\bDate[d]?\s*[:\-–]?\s*", rest, maxsplit=1, flags=re.I)
        name = date_part[0]
        if len(date_part) == 2:
            self.out.signed_text = date_part[1].strip()
        name = re.sub(r"^(?:Chair(?:man|person)?|Name)\s*:\s*", "", name.strip(), flags=re.I)
        name = CHAIR.sub("", re.sub(r"[._…]{2,}", "", name)).strip(" ,;:")
        name = re.sub(r"^(?:Chair(?:man|person)?\b)?\s*", "", name, flags=re.I)
        if re.search(r"[A-Za-z]", name) and not self.out.signed_by:
            self.out.signed_by = _clean_name(name)

    def _key(self, rest: str) -> None:
        text = rest
        while self.position < len(self.lines) and not self.lines[self.position].blank_before:
            following = self.lines[self.position].text
            if SIGNED.match(following):
                break
            text += " " + following
            self.position += 1
        for part in re.split(r"[;\n]|,(?=\s*[A-Z]{2,4}\b)", text):
            if match := KEY_PAIR.search(part):
                self.out.key[match.group("initials")] = _clean_name(match.group("name"))


# -- Small readers -----------------------------------------------------------------------------------------------


def _status(word: str | None) -> str:
    word = (word or "").lower()
    if word in ("approved", "confirmed"):
        return "approved"
    if word in ("draft", "unconfirmed", "unapproved"):
        return "draft"
    return ""


SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "to", "a"}


def _board_name(text: str) -> str:
    text = " ".join(text.split()).strip(" ,.:")
    if text.isupper():
        words = text.lower().split()
        text = " ".join(
            w if i and w in SMALL_WORDS else (w.upper() if w in {"opcc", "pcc"} else w.capitalize())
            for i, w in enumerate(words)
        )
    return text


def _cells(text: str) -> list[str]:
    return [cell for cell in cells(text.strip()) if cell]


def _clean_name(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)", "", name)  # "(Chief Finance Officer)"
    return TITLES.sub("", " ".join(name.split())).strip(" ,.;:")


def _time(text: str) -> str:
    match = re.match(r"^\s*(\d{1,2})(?:[.:](\d\d))?\s*([ap])?\.?m?\.?\s*$", text, re.I)
    if not match or not (match.group(2) or match.group(3)):
        return text.strip()
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3) and match.group(3).lower() == "p" and hour < 12:
        hour += 12
    if match.group(3) and match.group(3).lower() == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else text.strip()


def _printed(found: PrintedDate) -> str:
    return f"{found.day} {date(2000, found.month, 1):%B}"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def _paragraphs(items: list[SectionRead]):
    for item in items:
        for paragraph in item.paragraphs:
            yield item, paragraph


def _where(item: SectionRead, paragraph: ParagraphRead | None = None) -> str:
    if paragraph is not None and paragraph.number:
        return f"paragraph {paragraph.number}"
    return f"item {item.number}" if item.number else "header"


# -- Fields out of the paragraphs ---------------------------------------------------------------------------------


def _split_names(text: str) -> list[str]:
    text = re.sub(r"\s*\([^)]*\)", "", text)
    names = []
    for part in re.split(r",\s*|;\s*|\s+and\s+|\s+&\s+", text):
        part = _clean_name(re.sub(r"^(?:and|from)\s+", "", part.strip(), flags=re.I))
        # "Ravi Chandra, Chief Finance Officer": a post after the name is not a person.
        if not part or not re.match(r"[A-Z]", part) or (names and _looks_like_post(part)):
            continue
        names.append(part)
    return [name for name in names if name]


def _looks_like_name(text: str) -> bool:
    words = _clean_name(text).split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not _looks_like_post(text)


def _looks_like_post(text: str) -> bool:
    return bool(re.search(r"\b(?:Officer|Chief|Head|Director|Commissioner|Constable|Manager|Superintendent)\b", text))


def _apologies(parsed: _Parsed) -> list[tuple[str, str]]:
    """Each (name, where) who gave apologies: in a list of the header, or in a sentence of an item."""
    found = [(person.name, "header") for person in parsed.apologies_listed]
    for item, paragraph in _paragraphs(parsed.items):
        for sentence in _sentences(paragraph.text):
            if match := APOLOGY_SENTENCE.search(sentence):
                names = match.group("names") or match.group("listed")
                if NONE_GIVEN.match(names):
                    continue
                found += [(name, _where(item, paragraph)) for name in _split_names(names)]
    return found


def _declarations(items: list[SectionRead]) -> list[str]:
    declarations = []
    for item, paragraph in _paragraphs(items):
        in_item = "declaration" in item.heading.lower() or "interest" in item.heading.lower()
        for sentence in _sentences(paragraph.text):
            if NO_DECLARATIONS.search(sentence):
                continue
            if DECLARED.search(sentence) or (in_item and not APOLOGY_SENTENCE.search(sentence)):
                declarations.append(sentence)
    return declarations


def _decisions(items: list[SectionRead]) -> list[DecisionRead]:
    decisions = []
    for _item, paragraph in _paragraphs(items):
        for block in paragraph.text.split("\n"):
            if block.startswith("- "):
                continue
            for sentence in _sentences(block):
                if DECISION.search(sentence):
                    decisions.append(DecisionRead(paragraph=paragraph.number, text=sentence))
    return decisions


# -- Dates: the meeting's, the next meeting's, the signature's ----------------------------------------------------


def _dates(reading: Reading, parsed: _Parsed, faults: list[Fault]) -> None:
    meeting = parse_date(parsed.date_text) if parsed.date_text else None
    next_found = None
    for item, paragraph in _paragraphs(parsed.items):
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
        (next_found, "next_meeting", next_where(parsed), "The next meeting's date"),
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


def next_where(parsed: _Parsed) -> str:
    for item, paragraph in _paragraphs(parsed.items):
        if "next meeting" in paragraph.text.lower() or "next meeting" in item.heading.lower():
            return _where(item, paragraph)
    return "header"


# -- Faults -------------------------------------------------------------------------------------------------------


def _name_parts(name: str) -> list[str]:
    return _clean_name(name).casefold().replace(".", " ").split()


def _same_person(a: str, b: str) -> bool:
    """The same name, or the same surname where one gives only a surname or an initial ("Cllr Okafor", "S. Okafor")."""
    pa, pb = _name_parts(a), _name_parts(b)
    if pa == pb:
        return True
    if not pa or not pb or pa[-1] != pb[-1]:
        return False
    first_a, first_b = (pa[0] if len(pa) > 1 else ""), (pb[0] if len(pb) > 1 else "")
    if not first_a or not first_b:
        return True
    return (len(first_a) == 1 or len(first_b) == 1) and first_a[0] == first_b[0]


def _attendance_faults(reading: Reading, parsed: _Parsed, apologies: list[tuple[str, str]]) -> list[Fault]:
    faults = []
    present = [(p.name, "a member") for p in reading.members] + [
        (p.name, "in attendance") for p in reading.in_attendance
    ]
    known = [name for name, _ in present] + list(parsed.key.values()) + [p.name for p in parsed.apologies_listed]
    for name, where in apologies:
        listed = [what for other, what in present if _same_person(name, other)]
        if listed:
            faults.append(
                Fault(
                    "attendance_conflict",
                    where,
                    f"{name} is listed as {listed[0]} and also as giving apologies.",
                )
            )
        elif not any(_same_person(name, other) for other in known):
            faults.append(
                Fault(
                    "unknown_person",
                    where,
                    f"{name} gave apologies but is in no list of the minutes "
                    "(members, in attendance, key to initials).",
                )
            )
    if reading.signed_by and any(_same_person(reading.signed_by, name) for name, _ in apologies):
        faults.append(
            Fault(
                "signatory_absent",
                "signature",
                f"The minutes are signed by {reading.signed_by}, who gave apologies for the meeting.",
            )
        )
    return faults


def initials_of(name: str) -> set[str]:
    parts = [p for p in re.split(r"[\s-]+", _clean_name(name)) if p[:1].isalpha()]
    if len(parts) < 2:
        return set()
    return {"".join(p[0].upper() for p in parts), parts[0][0].upper() + parts[-1][0].upper()}


def _initials_faults(reading: Reading, parsed: _Parsed, apologies: list[tuple[str, str]]) -> list[Fault]:
    known = set(parsed.key)
    for person in [*reading.members, *reading.in_attendance, *parsed.apologies_listed]:
        known |= initials_of(person.name)
    for name, _ in apologies:
        known |= initials_of(name)
    faults, seen = [], set()
    for item, paragraph in _paragraphs(reading.items):
        for match in INITIALS_USE.finditer(paragraph.text):
            initials = match.group("initials")
            if initials in known or initials in NOT_INITIALS or initials in seen:
                continue
            seen.add(initials)
            faults.append(
                Fault(
                    "unknown_initials",
                    _where(item, paragraph),
                    f"The initials {initials} match nobody listed in the minutes or in the key to initials.",
                )
            )
    return faults


def _numbering_faults(items: list[SectionRead]) -> list[Fault]:
    numbers = []
    for item in items:
        numbers += [item.number, *(paragraph.number for paragraph in item.paragraphs)]
    return numbering_faults([number for number in numbers if number], top="item", below="paragraph")


def _placeholder_faults(parsed: _Parsed) -> list[Fault]:
    places = [("the header", parsed.header_text)]
    places += [(_where(item, paragraph), paragraph.text) for item, paragraph in _paragraphs(parsed.items)]
    places += [("the signature", f"{parsed.signed_by} {parsed.signed_text}")]
    faults = []
    for where, text in places:
        faults += placeholder_faults(text, where)
    for fault in faults:
        fault.where = fault.where.removeprefix("the ")
    return faults
