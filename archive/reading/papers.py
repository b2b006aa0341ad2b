"""Reading a board paper. (First cut: the title only.)"""

from .result import PAPER, Reading


def read_paper(text: str, *, file: str = "") -> Reading:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Reading(file=file, kind=PAPER, confidence=0.5, title=lines[0] if lines else "", text=text)
