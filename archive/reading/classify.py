"""Paper or minutes, and how sure.

Each kind has marks that the other rarely has: a paper's To / From lines,
"Purpose", "is recommended to", its bibliography; minutes' "MINUTES", their
Members and In Attendance lists, apologies, "The Board noted", the date of the
next meeting and the signature. The kind with the more weight wins; the
confidence grows with the weight found and falls when the other kind's marks
are there too, so a text that is neither scores low.
"""

from __future__ import annotations

import re

from .result import MINUTES, PAPER

_PAPER_MARKS = (
    (re.compile(r"^[ \t]*To\s*:", re.M), 2.0),
    (re.compile(r"^[ \t]*From\s*:", re.M), 2.0),
    (re.compile(r"^[ \t]*(?:[-•]\s*)?\d{1,2}\.?0?\.?\s+Purpose\b", re.M | re.I), 2.0),
    (re.compile(r"\b(?:is|are)\s+(?:recommended|asked|invited)\s+to\b", re.I), 1.5),
    (re.compile(r"^[ \t]*BIBLIOGRAPHY\b|Background\s+Papers", re.M | re.I), 1.5),
    (re.compile(r"Contact\s+Officer", re.I), 1.5),
    (re.compile(r"Source\s+Document", re.I), 1.0),
    (re.compile(r"^[ \t]*(?:[-•]\s*)?\d{1,2}\.?0?\.?\s+Recommendations?\b", re.M | re.I), 1.0),
)
_MINUTES_MARKS = (
    (re.compile(r"\b(?:APPROVED|DRAFT|UNCONFIRMED|CONFIRMED)\s+MINUTES\b|^[ \t]*MINUTES\b", re.M | re.I), 3.0),
    (re.compile(r"^[ \t]*(?:Members|Present)\s*:?\s*$", re.M | re.I), 2.0),
    (re.compile(r"^[ \t]*In\s+Attendance\s*:?", re.M | re.I), 2.0),
    (re.compile(r"Apologies\s+(?:were|for\s+absence|had\s+been)", re.I), 1.5),
    (
        re.compile(r"\bThe\s+(?:Board|Committee|Panel)\s+(?:noted|approved|agreed|endorsed|resolved|accepted)\b", re.I),
        1.0,
    ),
    (re.compile(r"Date\s+of\s+(?:the\s+)?next\s+meeting|next\s+meeting\s+will\s+be\s+held", re.I), 1.5),
    (re.compile(r"^[ \t]*Signed\s*:?", re.M | re.I), 1.5),
    (re.compile(r"Declarations?\s+of\s+Interest", re.I), 1.0),
)
#: The weight at which a kind counts as plainly laid out.
_CLEAR = 6.0


def _weight(marks, text: str) -> float:
    return sum(weight for pattern, weight in marks if pattern.search(text))


def classify(text: str) -> tuple[str, float]:
    """("paper" or "minutes", confidence in 0..1) for the cleaned text of one document."""
    text = (text or "")[:200_000]
    paper, minutes = _weight(_PAPER_MARKS, text), _weight(_MINUTES_MARKS, text)
    kind, winner, loser = (MINUTES, minutes, paper) if minutes > paper else (PAPER, paper, minutes)
    if winner == 0:
        return PAPER, 0.05
    strength = min(1.0, winner / _CLEAR)
    share = winner / (winner + loser)
    return kind, round(strength * share, 2)
