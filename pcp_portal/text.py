"""Plain-text bodies, as authors type them, turned into numbered paragraphs.

Authors write paragraphs separated by blank lines; a line starting with
"- " is a bullet of the paragraph above it. Numbers are never typed: the
portal gives section `n` the paragraphs `n.1, n.2 ...`, so numbers cannot
repeat or skip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BULLET = re.compile(r"^\s*[-\u2022]\s+")


@dataclass(frozen=True)
class Paragraph:
    number: str
    text: str
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    number: str
    heading: str
    paragraphs: tuple[Paragraph, ...] = field(default_factory=tuple)


def split_paragraphs(body: str) -> list[tuple[str, list[str]]]:
    """Split `body` into (text, bullets) pairs, in order.

    Bullets attach to the paragraph before them, even across a blank line;
    bullets that open a body form a paragraph with no lead text.
    """
    paragraphs: list[tuple[str, list[str]]] = []
    for block in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        lines = [line for line in block.split("\n") if line.strip()]
        text_lines: list[str] = []
        bullets: list[str] = []
        for line in lines:
            if BULLET.match(line):
                bullets.append(BULLET.sub("", line).strip())
            elif bullets:
                # A line under a bullet without its own dash continues it.
                bullets[-1] = f"{bullets[-1]} {line.strip()}"
            else:
                text_lines.append(line.strip())
        if not text_lines and not bullets:
            continue
        if not text_lines and paragraphs:
            paragraphs[-1][1].extend(bullets)
            continue
        paragraphs.append((" ".join(text_lines), bullets))
    return paragraphs


def number_section(number: int, heading: str, body: str) -> Section:
    paragraphs = tuple(
        Paragraph(number=f"{number}.{index}", text=text, bullets=tuple(bullets))
        for index, (text, bullets) in enumerate(split_paragraphs(body), start=1)
    )
    return Section(number=str(number), heading=heading, paragraphs=paragraphs)


def number_items(number: int, heading: str, items: list[str]) -> Section:
    """A section whose paragraphs are given one by one (recommendations)."""
    paragraphs = tuple(Paragraph(number=f"{number}.{index}", text=text) for index, text in enumerate(items, start=1))
    return Section(number=str(number), heading=heading, paragraphs=paragraphs)


def sentence(text: str) -> str:
    """`text` with a closing full stop unless it already ends a sentence."""
    text = text.strip()
    if text and text[-1] not in ".!?:;":
        text += "."
    return text
