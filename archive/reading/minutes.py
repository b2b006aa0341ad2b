"""Reading the minutes of a meeting. (First cut: the board only.)"""

from .result import MINUTES, Reading


def read_minutes(text: str, *, file: str = "") -> Reading:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Reading(file=file, kind=MINUTES, confidence=0.5, board=lines[0] if lines else "", text=text)
