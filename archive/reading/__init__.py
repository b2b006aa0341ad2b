"""Reading an office's past documents: text out of the file, then the fields and faults of a paper or minutes.

`read(name, data)` is the whole reader: `extract` turns a .txt, .docx or
text-based .pdf into clean text (running headers and footers removed),
`classify` says whether it is a paper or minutes and how sure it is, and
`papers` or `minutes` reads the fields and lists the faults.
"""

from __future__ import annotations

from .extract import Unreadable, text_of
from .result import MINUTES, Reading


def read(name: str, data: bytes) -> Reading:
    """What the file `name` with bytes `data` says. Raises `Unreadable` with a reason staff can act on."""
    from .classify import classify
    from .minutes import read_minutes
    from .papers import read_paper

    text = text_of(name, data)
    kind, confidence = classify(text)
    reader = read_minutes if kind == MINUTES else read_paper
    reading = reader(text, file=name)
    reading.confidence = round(min(confidence, reading.confidence), 2)
    return reading


__all__ = ["Reading", "Unreadable", "read"]
