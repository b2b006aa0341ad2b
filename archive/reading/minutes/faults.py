"""The faults of minutes: who was where, initials, numbers, placeholders."""

from __future__ import annotations

import re

from ..common import numbering_faults, placeholder_faults
from ..result import Fault, Reading, SectionRead
from .layout import Parsed, clean_name
from .sentences import paragraphs_of, where_of

INITIALS_USE = re.compile(
    r"(?<![\w’'/-])(?<!the )(?<!The )(?<!of )(?<!a )(?<!an )(?P<initials>[A-Z]{2,3})(?![\w’'/-])"
    # followed by what a person does: "JP introduced", "SO notes", "PL to publish", "AM and SO"
    r"(?=\s+(?:[a-z]+ed|(?!was\b|has\b|is\b|does\b)[a-z]+s|to|will|would|said|and\s+[A-Z]{2,3})\b)"
)
#: Posts written as initials ("the DCC noted") and bodies' acronyms ("NHS partners"), which are no one's initials.
NOT_INITIALS = set(
    "PCC DPCC CC DCC ACC CFO CEO CE HR IT ICT UK EU AOB NHS CPS ASB CSP VRU MOU KPI RAG PCP PSD CID MASH VAT "
    "ICO LGA OPCC BCB JAC".split()
)


def _name_parts(name: str) -> list[str]:
    return clean_name(name).casefold().replace(".", " ").split()


def _same_person(a: str, b: str) -> bool:
    """The same name, or the same surname where one gives only a surname or an initial ("Cllr Okafor", "S. Okafor")."""
    pa, pb = _name_parts(a), _name_parts(b)
    if pa == pb:
        return True
    if not pa or not pb or pa[-1] != pb[-1]:
        return False
    first_a, first_b = (pa[0] if len(pa) > 1 else ""), (pb[0] if len(pb) > 1 else "")
    if not first_a or not first_b:
        return True
    return (len(first_a) == 1 or len(first_b) == 1) and first_a[0] == first_b[0]


def attendance_faults(reading: Reading, parsed: Parsed, apologies: list[tuple[str, str]]) -> list[Fault]:
    faults = []
    present = [(p.name, "a member") for p in reading.members] + [
        (p.name, "in attendance") for p in reading.in_attendance
    ]
    known = [name for name, _ in present] + list(parsed.key.values()) + [p.name for p in parsed.apologies_listed]
    for name, where in apologies:
        listed = [what for other, what in present if _same_person(name, other)]
        if listed:
            faults.append(
                Fault(
                    "attendance_conflict",
                    where,
                    f"{name} is listed as {listed[0]} and also as giving apologies.",
                )
            )
        elif not any(_same_person(name, other) for other in known):
            faults.append(
                Fault(
                    "unknown_person",
                    where,
                    f"{name} gave apologies but is in no list of the minutes "
                    "(members, in attendance, key to initials).",
                )
            )
    if reading.signed_by and any(_same_person(reading.signed_by, name) for name, _ in apologies):
        faults.append(
            Fault(
                "signatory_absent",
                "signature",
                f"The minutes are signed by {reading.signed_by}, who gave apologies for the meeting.",
            )
        )
    return faults


def initials_of(name: str) -> set[str]:
    parts = [p for p in re.split(r"[\s-]+", clean_name(name)) if p[:1].isalpha()]
    if len(parts) < 2:
        return set()
    return {"".join(p[0].upper() for p in parts), parts[0][0].upper() + parts[-1][0].upper()}


def initials_faults(reading: Reading, parsed: Parsed, apologies: list[tuple[str, str]]) -> list[Fault]:
    known = set(parsed.key)
    for person in [*reading.members, *reading.in_attendance, *parsed.apologies_listed]:
        known |= initials_of(person.name)
    for name, _ in apologies:
        known |= initials_of(name)
    faults, seen = [], set()
    for item, paragraph in paragraphs_of(reading.items):
        for match in INITIALS_USE.finditer(paragraph.text):
            initials = match.group("initials")
            if initials in known or initials in NOT_INITIALS or initials in seen:
                continue
            seen.add(initials)
            faults.append(
                Fault(
                    "unknown_initials",
                    where_of(item, paragraph),
                    f"The initials {initials} match nobody listed in the minutes or in the key to initials.",
                )
            )
    return faults


def item_numbering_faults(items: list[SectionRead]) -> list[Fault]:
    numbers = []
    for item in items:
        numbers += [item.number, *(paragraph.number for paragraph in item.paragraphs)]
    return numbering_faults([number for number in numbers if number], top="item", below="paragraph")


def placeholder_faults_of(parsed: Parsed) -> list[Fault]:
    places = [("header", parsed.header_text)]
    places += [(where_of(item, paragraph), paragraph.text) for item, paragraph in paragraphs_of(parsed.items)]
    places += [("signature", f"{parsed.signed_by} {parsed.signed_text}")]
    faults = []
    for where, text in places:
        faults += placeholder_faults(text, where)
    return faults
