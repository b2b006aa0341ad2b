"""What real bodies get wrong, found in the text as the portal parses it.

Each finding names the body's paragraph by its index (0 for the paragraph the
portal numbers n.1), so that a paper or minutes can say where it is in the
numbers they print. Nothing here knows about papers: `boards.prepublication`
turns findings into problems.

Typed numbers are the commonest fault of pasted text: "3.2 The Board ..." or a
heading "3. Background". They are told apart from content by their shape (one
or two digits per level, followed by a capital letter) and by the parser: a
numbered list of several items is a list, a date or a percentage is not a
number followed by a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from markdown_it.token import Token

from .body import FIGURE_SOURCE, FigureRef, paragraph_groups, parser, prepare, split_footnotes

# "3.2 The Board", "4.0 Finance", "3.1.2 “Quoted”": levels of one or two digits, then a capitalised word.
MULTI_LEVEL = re.compile(r"(?P<number>\d{1,2}(?:\.\d{1,2})+)\.?[ \t]+(?=[A-Z\"“‘'])")
# "3. Background" or "3) Background" where the parser did not make a list (a continued line, a heading).
ONE_LEVEL = re.compile(r"(?P<number>\d{1,2}[.)])[ \t]+(?=[A-Z\"“‘'])")
# "3<tab>Background", as headings pasted from a word processor come.
TABBED = re.compile(r"(?P<number>\d{1,2})\t[ \t]*(?=[A-Z\"“‘'])")
# Units that follow a figure at the start of a line: "2.5 FTE posts" is a quantity, not a paragraph number.
UNITS = {"FTE", "FTES", "MB", "GB", "KB", "TB", "KM", "AM", "PM", "GBP", "MILLION", "BILLION", "THOUSAND"}
LIST_MARKER = re.compile(r"(?:[-*+\u2022\u25aa\u25e6\u2013]|\d{1,9}[.)]|\([a-z]{1,5}\))[ \t]+")


@dataclass(frozen=True)
class TypedNumber:
    """A number typed at the start of a line (`line` counts the body's lines from 0)."""

    paragraph: int
    number: str
    line: int
    start: int
    end: int
    # A number that began a paragraph on a line that continues the one above:
    # without it the lines would join, so stripping it starts a paragraph there.
    new_paragraph: bool = False


@dataclass(frozen=True)
class TableFault:
    paragraph: int
    caption: str
    columns: int
    cells: int
    row: str


@dataclass(frozen=True)
class ImageFault:
    paragraph: int
    kind: str  # "unknown-figure", "figure-without-alt", "image-without-alt", "outside-image"
    label: str
    alt: str


def _is_unit(text: str, end: int) -> bool:
    word = re.match(r"[A-Za-z]+", text[end:])
    return bool(word) and word.group(0).upper() in UNITS


def leading_number(text: str, *, one_level: bool = True) -> re.Match | None:
    """The typed number `text` starts with, if it has the shape of one."""
    patterns = (MULTI_LEVEL, ONE_LEVEL, TABBED) if one_level else (MULTI_LEVEL,)
    for pattern in patterns:
        match = pattern.match(text)
        if match and not _is_unit(text, match.end()):
            return match
    return None


def heading_number(heading: str) -> str:
    """The number typed at the start of a heading ("3." of "3. Background"), or ""."""
    stripped = heading.lstrip()
    match = leading_number(stripped)
    return match.group("number") if match else ""


def strip_heading_number(heading: str) -> str:
    stripped = heading.lstrip()
    match = leading_number(stripped)
    return stripped[match.end() :] if match else heading


@dataclass
class Outline:
    """A body as the portal numbers it: its paragraphs' tokens and where their lines came from."""

    lines: list[str]
    prepared: list[str]
    groups: list[list[list[Token]]]
    original_line: dict[int, int]

    @property
    def paragraphs(self) -> Iterable[tuple[int, list[Token]]]:
        for index, group in enumerate(self.groups):
            yield index, [token for block in group for token in block]


def outline(body: str) -> Outline:
    """`body` parsed exactly as `pcp_portal.body.parse` does, keeping the tokens."""
    lines = (body or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    source, _, origin = prepare(body or "")
    prepared = source.split("\n")
    tokens, _ = split_footnotes(parser().parse(source, {}))
    groups = paragraph_groups(tokens)
    original_line = {j: i for j, i in enumerate(origin) if i is not None}
    return Outline(lines=lines, prepared=prepared, groups=groups, original_line=original_line)


def _ends_lead_in(block: list[Token]) -> bool:
    return block[0].type == "paragraph_open" and block[1].content.rstrip().endswith(":")


def typed_numbers(body: str) -> list[TypedNumber]:
    """Every paragraph or section number typed into `body`."""
    found: list[TypedNumber] = []
    shape = outline(body)
    for index, group in enumerate(shape.groups):
        previous: list[Token] | None = None
        for block in group:
            if block[0].type == "ordered_list_open":
                found.extend(_lone_numbered_item(shape, index, block, previous))
            found.extend(_numbered_lines(shape, index, block))
            previous = block
    return sorted(found, key=lambda n: n.line)


def _lone_numbered_item(shape: Outline, index: int, block: list[Token], previous) -> list[TypedNumber]:
    """A lone "2. The Board is asked ..." is a typed number the parser took for a list of one item.

    A list of several items is a list, and so is one item under a lead-in ending with ":".
    """
    items = [t for t in block if t.type == "list_item_open" and t.level == 1]
    if len(items) != 1 or items[0].markup != "." or (previous is not None and _ends_lead_in(previous)):
        return []
    j = items[0].map[0]
    i = shape.original_line.get(j)
    if i is None:
        return []
    line = shape.lines[i]
    indent = len(line) - len(line.lstrip())
    match = re.match(r"(?P<number>\d{1,2}\.)[ \t]+(?=[A-Z\"“‘'])", line[indent:])
    if not match or _is_unit(line[indent:], match.end()):
        return []
    previous_line = shape.lines[i - 1] if i > 0 else ""
    return [
        TypedNumber(
            paragraph=index,
            number=match.group("number"),
            line=i,
            start=indent,
            end=indent + match.end(),
            new_paragraph=bool(previous_line.strip()) and not indent,
        )
    ]


def _numbered_lines(shape: Outline, index: int, block: list[Token]) -> list[TypedNumber]:
    """Lines of the block's paragraphs (list items' included, tables' not) that start with a typed number."""
    found = []
    item_starts: set[int] = set()
    quoted = 0
    for token in block:
        if token.type == "blockquote_open":
            quoted += 1
        elif token.type == "blockquote_close":
            quoted -= 1
        elif token.type == "list_item_open" and token.map:
            item_starts.add(token.map[0])
        elif token.type == "paragraph_open" and token.map and not quoted:
            first, last = token.map
            for j in range(first, last):
                i = shape.original_line.get(j)
                if i is None:
                    continue
                line = shape.lines[i]
                start = len(line) - len(line.lstrip())
                if j in item_starts:
                    marker = LIST_MARKER.match(line, start)
                    if not marker:
                        continue
                    start = marker.end()
                # The first line of a paragraph cannot start "3. ": the parser would have made it a list.
                match = leading_number(line[start:], one_level=j != first or j in item_starts)
                if match is None:
                    continue
                found.append(
                    TypedNumber(
                        paragraph=index,
                        number=match.group("number"),
                        line=i,
                        start=start,
                        end=start + match.end(),
                        new_paragraph=j != first and not line[:1].isspace(),
                    )
                )
    return found


def strip_typed_numbers(body: str) -> str:
    """`body` without the numbers typed into it; everything else as it was."""
    numbers = typed_numbers(body)
    if not numbers:
        return body
    lines = (body or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    by_line = {number.line: number for number in numbers}
    out: list[str] = []
    for i, line in enumerate(lines):
        number = by_line.get(i)
        if number is None:
            out.append(line)
            continue
        if number.new_paragraph and out and out[-1].strip():
            out.append("")
        out.append(line[: number.start] + line[number.end :])
    return "\n".join(out)


def _cell_count(line: str) -> int:
    """Cells in a table row as markdown-it splits it: on pipes not escaped by a backslash."""
    text = line.strip()
    cells, escaped = [""], False
    for ch in text:
        if ch == "|" and not escaped:
            cells.append("")
        else:
            cells[-1] += ch
        escaped = ch == "\\"
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return len(cells)


def table_faults(body: str) -> list[TableFault]:
    """Table rows whose cells do not match the header: the parser pads them or drops the extra cells."""
    faults = []
    shape = outline(body)
    for index, tokens in shape.paragraphs:
        columns, caption, in_header = 0, "", False
        for token in tokens:
            if token.type == "table_open":
                columns = 0
                caption_token = token.meta.get("caption")
                caption = caption_token.content.split(":", 1)[1].strip() if caption_token is not None else ""
            elif token.type in ("thead_open", "thead_close"):
                in_header = token.type == "thead_open"
            elif token.type == "th_open" and in_header:
                columns += 1
            elif token.type == "tr_open" and token.map and not in_header:
                row = shape.prepared[token.map[0]]
                cells = _cell_count(row)
                if cells != columns:
                    faults.append(TableFault(index, caption, columns, cells, row.strip()))
    return faults


def image_faults(body: str, figures: Mapping[str, FigureRef]) -> list[ImageFault]:
    """Images a reader cannot be given alternative text for, or that the portal will not show."""
    faults = []
    for index, tokens in outline(body).paragraphs:
        for token in tokens:
            for child in token.children or []:
                if child.type != "image":
                    continue
                alt = child.content.strip()
                figure = FIGURE_SOURCE.match(child.attrGet("src") or "")
                if figure:
                    label = figure.group(1)
                    known = figures.get(label)
                    if known is None:
                        faults.append(ImageFault(index, "unknown-figure", label, alt))
                    elif not known.alt.strip():
                        faults.append(ImageFault(index, "figure-without-alt", label, alt))
                elif not alt:
                    faults.append(ImageFault(index, "image-without-alt", "", ""))
                else:
                    faults.append(ImageFault(index, "outside-image", "", alt))
    return faults


#: A link written in the syntax that the parser left as text: its address is not one a page may link to.
LEFT_AS_TEXT = re.compile(r"!?\[[^\]\n]*\]\((?P<address>[^)\s]*)[^)]*\)")


def refused_links(body: str) -> list[tuple[int, str]]:
    """(paragraph, address) of each link written that the portal prints as text, not as a link:
    javascript:, data: and other addresses that are not http(s), mailto or within the site."""
    found = []
    for index, tokens in outline(body).paragraphs:
        for token in tokens:
            for child in token.children or []:
                if child.type == "text":
                    found += [(index, match.group("address")) for match in LEFT_AS_TEXT.finditer(child.content)]
    return found


# -- references in the text ------------------------------------------------

_LABEL = r"(?:[A-Z]|\d{1,2})\b"
APPENDIX_REFERENCE = re.compile(
    rf"\b(?i:appendi(?:x|ces))[ \t]+(?P<labels>{_LABEL}(?:[ \t]*(?:,|&|\band\b|\bor\b|\bto\b|-|–)[ \t]*{_LABEL})*)"
)
ATTACHED = re.compile(
    r"\b(?:the|this|these)\s+attached\b(?:\s+\w+)?"
    r"|\battached\s+(?:reports?|documents?|appendi(?:x|ces)|annex(?:es)?|papers?|plans?)\b"
    r"|\battached\s+(?:at|as)\s+(?:an?\s+)?appendix\b(?!\s*(?:[A-Z]|\d{1,2})\b)",
    re.IGNORECASE,
)


def appendix_references(text: str) -> list[str]:
    """The appendix labels `text` refers to, in order: "Appendices A to C" gives A, B, C."""
    labels: list[str] = []
    for match in APPENDIX_REFERENCE.finditer(text or ""):
        parts = re.findall(r"[A-Z]\b|\d{1,2}\b|\bto\b|-|–", match.group("labels"))
        previous = None
        for index, part in enumerate(parts):
            if part in ("to", "-", "–"):
                continue
            if previous is not None and index > 0 and parts[index - 1] in ("to", "-", "–"):
                labels.extend(_label_range(previous, part))
            else:
                labels.append(part)
            previous = part
    return list(dict.fromkeys(labels))


def _label_range(first: str, last: str) -> list[str]:
    """The labels after `first` up to `last`: "A to C" adds B and C."""
    if first.isdigit() and last.isdigit() and int(first) < int(last) <= int(first) + 26:
        return [str(n) for n in range(int(first) + 1, int(last) + 1)]
    if first.isalpha() and last.isalpha() and first < last:
        return [chr(c) for c in range(ord(first) + 1, ord(last) + 1)]
    return [last]


def attachment_mentions(text: str) -> list[str]:
    """Phrases of `text` that speak of something attached ("the attached report")."""
    return [match.group(0) for match in ATTACHED.finditer(text or "")]


# -- sentences that recommend ----------------------------------------------

_WHO = r"(?:the\s+)?(?:board(?:\s+members)?|committee|panel|commissioner|members)"
LEAD_IN = re.compile(
    rf"\b{_WHO}\s+(?:is|are)\s+(?:recommended|asked|invited|requested)\s+to\b"
    rf"|\bit\s+is\s+recommended\s+that(?:\s+{_WHO}\b)?",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
LIST_ITEM_LINE = re.compile(r"^\s*- (?P<item>.*)$")


@dataclass(frozen=True)
class Recommending:
    """A sentence that asks for a decision, and what it asks for (one action per listed item)."""

    sentence: str
    actions: tuple[str, ...]


def normalise_action(text: str) -> str:
    """What is asked for, compared without case, spacing, quotes, footnote marks or closing punctuation."""
    text = re.sub(r"\[\d+\]", "", text or "")
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    text = " ".join(text.lower().split())
    text = re.sub(r"(?:[;,:.]\s*(?:and|or)?|\s+(?:and|or))$", "", text).strip(" .;:,")
    words = text.split(" ", 1)
    # "It is recommended that the Board notes ..." asks the Board to note: the
    # verb is compared without the ending of the third person, whatever the verb.
    verb = words[0]
    if verb.endswith("sses"):
        words[0] = verb[:-2]
    elif verb.endswith("ies") and len(verb) > 4:
        words[0] = verb[:-3] + "y"
    elif verb.endswith("s") and not verb.endswith("ss"):
        words[0] = verb[:-1]
    return " ".join(words)


def requested_action(wording: str) -> str:
    """The action a recommendation's printed wording asks for: "note the report"."""
    match = LEAD_IN.search(wording)
    return normalise_action(wording[match.end() :] if match else wording)


def recommending_sentences(text: str) -> list[Recommending]:
    """Sentences of `text` that ask the Board for a decision ("Members are asked to ...")."""
    found = []
    for match in LEAD_IN.finditer(text or ""):
        end = SENTENCE_END.search(text, match.end())
        stop = end.start() if end else len(text)
        rest = text[match.end() : stop]
        sentence = text[match.start() : stop + (1 if end and end.group(0) != "\n" else 0)].strip()
        if rest.strip().endswith(":") or not rest.strip():
            items = []
            for line in text[stop:].split("\n")[1:]:
                item = LIST_ITEM_LINE.match(line)
                if not item:
                    break
                items.append(item.group("item"))
            if items:
                found.append(Recommending(sentence, tuple(normalise_action(item) for item in items)))
                continue
        found.append(Recommending(sentence, (normalise_action(rest),)))
    return found
