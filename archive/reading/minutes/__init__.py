"""Reading the minutes of a meeting, as offices have typed them for years.

The header (marking, board, status, date, time, place), the tables of who
was there, the numbered items with their numbered paragraphs, and the tail
(signature, key to initials) are read in one pass over the lines. Then the
sentences that matter are picked out of the paragraphs (apologies,
declarations, decisions, the next meeting) and the faults are listed, each
where a reader of the original would find it. Numbers are kept as printed.
"""

from __future__ import annotations

from ..result import MINUTES, Fault, Reading
from .faults import attendance_faults, initials_faults, item_numbering_faults, placeholder_faults_of
from .layout import Parser
from .sentences import apologies_in, decisions_in, declarations_in, read_dates


def read_minutes(text: str, *, file: str = "") -> Reading:
    """The fields and faults of one set of minutes; never raises on odd input."""
    parsed = Parser(text).parse()
    reading = Reading(
        file=file,
        kind=MINUTES,
        confidence=0.5,
        marking=parsed.marking,
        board=parsed.board,
        status=parsed.status,
        time=parsed.time,
        place=parsed.place,
        members=parsed.members,
        in_attendance=parsed.in_attendance,
        chair=parsed.chair,
        items=parsed.items,
        signed_by=parsed.signed_by,
        unplaced=parsed.unplaced,
        text=text,
    )
    faults: list[Fault] = []
    apologies = apologies_in(parsed)
    reading.apologies = [name for name, _ in apologies]
    reading.declarations = declarations_in(parsed.items)
    reading.decisions = decisions_in(parsed.items)
    read_dates(reading, parsed, faults)
    faults += attendance_faults(reading, parsed, apologies)
    faults += initials_faults(reading, parsed, apologies)
    faults += item_numbering_faults(parsed.items)
    faults += placeholder_faults_of(parsed)
    reading.faults = faults
    found = [reading.date, reading.members, reading.items, reading.signed_by or reading.next_meeting, reading.board]
    reading.confidence = round(0.5 + 0.09 * sum(bool(f) for f in found), 2)
    return reading
