"""Bodies, as authors type them, turned into numbered sections and paragraphs.

Authors write paragraphs separated by blank lines (the syntax is in
pcp_portal/body.py); numbers are never typed: the portal gives section `n`
the paragraphs `n.1, n.2 ...`, so numbers cannot repeat or skip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .body import Block, FigureRef, Notes, one_line, parse


@dataclass(frozen=True)
class Paragraph:
    number: str
    text: str
    html: SafeString  # without its number
    numbered_html: SafeString  # as documents print it: see `numbered_html`


@dataclass(frozen=True)
class Section:
    number: str
    heading: str
    paragraphs: tuple[Paragraph, ...] = field(default_factory=tuple)


def blocks(body: str, *, figures: Mapping[str, FigureRef] | None = None, notes: Notes | None = None) -> list[Block]:
    """`body` as the blocks that each take one paragraph number."""
    return list(parse(body, figures=figures, notes=notes).blocks)


def written(text: str) -> Block:
    """A sentence the portal writes itself, as a block of its own."""
    return Block(lead=one_line(escape(text)), rest=mark_safe(""), text=text)


def numbered_html(number: str, block: Block) -> SafeString:
    """The block with its number in front of its first line, as pages and PDFs print it.

    There is no wrapper and no box for the number: it is the first text of
    the block's first paragraph, followed by a tab, `<p class="para">4.1⇥The
    text…</p>`, and the block's lists, tables and figures follow that
    paragraph as siblings of class `para-cont`. A block that opens with a
    list, a table or a figure gets a paragraph that holds just its number.
    The styles give `.para` a hanging indent with its tab stop at the text
    (`white-space: pre-wrap` keeps the tab; `Block.lead` is on one line) and
    indent `para-cont` to the text, so the number stands in a column of its
    own and comes before its text in a PDF's text and tags.
    """
    return format_html('<p class="para">{}\t{}</p>{}', number, block.lead or "", block.rest)


def number_blocks(number: str, items: list[Block], *, printed: list[str] | None = None) -> list[Paragraph]:
    """`items` numbered `number.1`, `number.2` ...; or, for an imported record, with the numbers `printed`
    in the original (4.6 then 4.8 stays so: the record is what was published). A block the original gave no
    number keeps none."""
    paragraphs = []
    for index, block in enumerate(items, start=1):
        label = f"{number}.{index}"
        if printed is not None:
            label = printed[index - 1] if index <= len(printed) else ""
        paragraphs.append(
            Paragraph(number=label, text=block.text, html=block.html, numbered_html=numbered_html(label, block))
        )
    return paragraphs


def number_section(
    number: int | str,
    heading: str,
    body: str,
    *,
    figures: Mapping[str, FigureRef] | None = None,
    notes: Notes | None = None,
    printed: list[str] | None = None,
) -> Section:
    paragraphs = number_blocks(str(number), blocks(body, figures=figures, notes=notes), printed=printed)
    return Section(number=str(number), heading=heading, paragraphs=tuple(paragraphs))


def number_items(number: int | str, heading: str, items: list[str], *, printed: list[str] | None = None) -> Section:
    """A section whose paragraphs are given one by one (recommendations)."""
    paragraphs = number_blocks(str(number), [written(text) for text in items], printed=printed)
    return Section(number=str(number), heading=heading, paragraphs=tuple(paragraphs))


def printed_section(printed: dict, index: int, number: int) -> tuple[str, list[str] | None]:
    """The number of the `index`th numbered section of an imported record and its paragraphs' numbers as
    printed (`printed` is its `printed_numbers`), or the portal's own `number` and None for a record of its own."""
    sections = (printed or {}).get("sections")
    if sections is None:
        return str(number), None
    entry = sections[index] if index < len(sections) else {}
    return str(entry.get("number", "")), list(entry.get("paragraphs", []))


def sentence(text: str) -> str:
    """`text` with a closing full stop unless it already ends a sentence."""
    text = text.strip()
    if text and text[-1] not in ".!?:;":
        text += "."
    return text


def joined(parts: list[str]) -> str:
    """`parts` as a sentence lists them: "A", "A and B", "A, B and C"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
