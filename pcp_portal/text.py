"""Bodies, as authors type them, turned into numbered sections and paragraphs.

Authors write paragraphs separated by blank lines (the syntax is in
pcp_portal/body.py); numbers are never typed: the portal gives section `n`
the paragraphs `n.1, n.2 ...`, so numbers cannot repeat or skip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from .body import Block, FigureRef, Notes, paragraph_html, parse


@dataclass(frozen=True)
class Paragraph:
    number: str
    text: str
    html: SafeString


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
    return Block(html=paragraph_html(text), text=text)


def number_blocks(number: str, items: list[Block]) -> list[Paragraph]:
    return [
        Paragraph(number=f"{number}.{index}", text=block.text, html=block.html)
        for index, block in enumerate(items, start=1)
    ]


def number_section(
    number: int,
    heading: str,
    body: str,
    *,
    figures: Mapping[str, FigureRef] | None = None,
    notes: Notes | None = None,
) -> Section:
    paragraphs = number_blocks(str(number), blocks(body, figures=figures, notes=notes))
    return Section(number=str(number), heading=heading, paragraphs=tuple(paragraphs))


def number_items(number: int, heading: str, items: list[str]) -> Section:
    """A section whose paragraphs are given one by one (recommendations)."""
    paragraphs = number_blocks(str(number), [written(text) for text in items])
    return Section(number=str(number), heading=heading, paragraphs=tuple(paragraphs))


def sentence(text: str) -> str:
    """`text` with a closing full stop unless it already ends a sentence."""
    text = text.strip()
    if text and text[-1] not in ".!?:;":
        text += "."
    return text
