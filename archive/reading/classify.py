"""Paper or minutes, and how sure. (First cut.)"""

import re

from .result import MINUTES, PAPER


def classify(text: str) -> tuple[str, float]:
    if re.search(r"\b(APPROVED|DRAFT)?\s*MINUTES\b", text[:2000], re.IGNORECASE):
        return MINUTES, 0.6
    return PAPER, 0.5
