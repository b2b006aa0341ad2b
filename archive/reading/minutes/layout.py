"""The layout of minutes: the header, the lists of who was there, the numbered items, the signature and the key.

One pass over the lines, which keeps their indentation and whether a blank
line came before them: that is how a wrapped line, a wrapped table cell or a
new paragraph is told apart in text exported from Word or PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..common import cells, join_wrapped
from ..result import ParagraphRead, PersonRead, SectionRead

# Today's markings, and those of before April 2014 that older minutes carry.
MARKING = re.compile(
    r"^\s*(OFFICIAL\s*[-–]?\s*SENSITIVE|OFFICIAL|PROTECT|RESTRICTED|NOT\s+PROTECTIVELY\s+MARKED)\b", re.I
)
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

# -- Lines into parts --------------------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str  # stripped
    indent: int
    blank_before: bool


@dataclass
class Parsed:
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


class Parser:
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
        self.out = Parsed()
        self.position = 0
        self.open: list[list[str]] | None = None  # the lines of the paragraph being read, in blank-separated blocks

    def parse(self) -> Parsed:
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
                printed = " ".join(match.group(1).upper().split())
                out.marking = "OFFICIAL-SENSITIVE" if "SENSITIVE" in printed else printed
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
                out.chair = clean_name(chair.group("name"))
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
                    people[-1].name = f"{people[-1].name} {clean_name(row_cells[0])}"
                    people[-1].post = " ".join([people[-1].post, *row_cells[1:]]).strip()
                    continue
            if len(row_cells) == 1 and ("," in row_cells[0] or " – " in row_cells[0] or " - " in row_cells[0]):
                names = [c for c in re.split(r",\s*|;\s*|\s+and\s+", row_cells[0]) if c]
                if all(looks_like_name(CHAIR.sub("", name)) for name in names):  # "A (Chair), B and C" on one line
                    people += [self._person(name, "") for name in names]
                    continue
                row_cells = [part.strip() for part in re.split(r",\s*|\s+[–-]\s+", row_cells[0], maxsplit=1)]
            if name_indent is None and line is not heading:
                name_indent = line.indent
            people.append(self._person(row_cells[0], " ".join(row_cells[1:])))
        getattr(self.out, "apologies_listed" if list_name == "apologies" else list_name).extend(people)

    def _person(self, name: str, post: str) -> PersonRead:
        chair = bool(CHAIR.search(name) or CHAIR.search(post) or post.strip().lower() == "chair")
        name = clean_name(CHAIR.sub("", name))
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
            self.out.signed_by = clean_name(name)

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
                self.out.key[match.group("initials")] = clean_name(match.group("name"))


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


def clean_name(name: str) -> str:
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


def looks_like_name(text: str) -> bool:
    words = clean_name(text).split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not looks_like_post(text)


def looks_like_post(text: str) -> bool:
    return bool(re.search(r"\b(?:Officer|Chief|Head|Director|Commissioner|Constable|Manager|Superintendent)\b", text))
