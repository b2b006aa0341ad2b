"""Checks draft minutes must pass before a reviewer can clear them.

Each problem says where it is (the attendance, or an item and paragraph as the
minutes number them) and what to do. The checks read the confidential version
of the minutes, so they are for office staff only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from boards.models import AgendaItem, Board, Decision, Membership, Paper, Person, Recommendation
from boards.prepublication import Problem
from pcp_portal.text import joined
from plans.models import PriorityAction
from transparency.models import InterestRegister

from .document import MinutesDocument, build_minutes, longer_initials, people_named
from .models import Attendance, Declaration, Minutes

__all__ = ["Clash", "Problem", "Review", "initials_clashes", "minutes_problems", "review"]

#: Acronyms of policing and governance that look like initials but are not people.
ACRONYMS = frozenset(
    """
    ACC ACPO AGM AI AM ANPR AOB APCC ASB BAME BBC BCU BME CC CCTV CDA CEO CFO CIO COO CPS CSE CSP CSEW CSR CT CV
    DA DCC DHR DPIA DPO DSD EDI EIA EU FOI FOIA FTE GDPR GP HMIC HMICFRS HMRC HO HR IAG ICO ICT ID IDVA IDVAS IOM
    IOPC ISVA IT JAC JIAC KPI LA LCJB LGA MASH MOJ MOU MP MTFP MTFS NB NCA NFA NHS NPCC OK OPCC PCC PCP PCSO PEEL
    PFI PM PND PNC PPE PSD QA RAG RASSO ROI SARC SLA SMT SOC TOR TV UK VAT VAWG VRU YOS YOT YTD
    """.split()
)
#: Words written in capitals for emphasis ("NOT final", "ACTION: ALL"), which are not initials either.
CAPITALISED_WORDS = frozenset(
    """
    ALL AND ANY ARE BUT BY CAN DID DO DUE EACH EDIT FOR FROM HAS HAVE HOW IF IN IS IT ITS MAY MUST NEW NO NOR NOT
    NOTE NOW OF ON ONE ONLY OR OUR OUT OVER PER SEE SHE SO TBA TBC THAT THE THEM THEN THEY THIS TO TWO UP USE VERY
    WAS WE WERE WHAT WHEN WHO WHY WILL WITH YES YOU
    """.split()
)
INITIALS = re.compile(r"\b[A-Z]{2,4}\b")
#: A sentence recording the board's decision: "The Board noted ...", "It was agreed that ...", "RESOLVED".
DECISION = re.compile(
    r"\b(?:the\s+(?:[\w-]+\s+){0,3}?(?:Board|Group|Panel|Commissioner|PCC|Chair|Committee|Forum|Meeting)|members)\b"
    r"[^.;]{0,40}?"
    r"\b(?:noted|agreed|approved|resolved|endorsed|decided|accepted|rejected|deferred|supported|ratified)\b"
    r"|\bit\s+was\s+(?:noted|agreed|approved|resolved|decided)\b|\bRESOLVED\b",
    re.IGNORECASE,
)
GONE = (Paper.Status.WITHDRAWN, Paper.Status.SUPERSEDED)
#: Standard items need no decision: they are the meeting's business, written in for the secretary.
STANDARD_ITEMS = frozenset(AgendaItem.Standard.values) - {""}


@dataclass(frozen=True)
class Clash:
    """Two or more people the key to initials would give the same initials, and the longer forms offered."""

    initials: str
    suggestions: tuple[tuple[Person, str], ...]

    @property
    def label(self) -> str:
        return joined([f"{longer} for {person.name}" for person, longer in self.suggestions])


def _words(person: Person) -> list[str]:
    return [word for word in re.split(r"[\s\-]+", person.name) if word[:1].isalpha()]


def _distinct(forms: list[str], taken: set[str]) -> bool:
    return len(set(forms)) == len(forms) and not taken.intersection(forms)


def suggest_longer(people: list[Person], taken: set[str]) -> list[str]:
    """Longer initials that tell `people` apart and clash with nobody else in the key (`taken`):
    the initials and the next letters of the surname (JSm, JSt), else the full initials of the name,
    else the first name's next letters (JaS, JuS), else a number."""
    words = [_words(person) or [person.initials] for person in people]
    for length in range(1, 6):
        forms = [p.initials + w[-1][1 : 1 + length].lower() for p, w in zip(people, words, strict=True)]
        if _distinct(forms, taken):
            return forms
    forms = ["".join(word[0].upper() for word in w) for w in words]
    if _distinct(forms, taken):
        return forms
    for length in range(1, 6):
        forms = [w[0][0].upper() + w[0][1 : 1 + length].lower() + w[-1][0].upper() for w in words]
        if _distinct(forms, taken):
            return forms
    return [f"{p.initials}{index}" for index, p in enumerate(people, start=1)]


def initials_clashes(minutes: Minutes) -> list[Clash]:
    """The initials that would stand for more than one person in the key, with longer forms to use."""
    return _clashes(people_named(minutes), longer_initials(minutes))


def _clashes(people: set[Person], longer: dict[int, str]) -> list[Clash]:
    by_initials: dict[str, list[Person]] = defaultdict(list)
    for person in sorted(people, key=lambda p: p.name):
        by_initials[longer.get(person.pk, person.initials)].append(person)
    taken = set(by_initials)
    clashes = []
    for initials, people in sorted(by_initials.items()):
        if len(people) > 1:
            forms = suggest_longer(people, taken)
            taken |= set(forms)
            clashes.append(Clash(initials, tuple(zip(people, forms, strict=True))))
    return clashes


def board_members(minutes: Minutes) -> set[int]:
    """The people who were members of the board on the meeting's day (a membership ended since is not one)."""
    meeting = minutes.meeting
    return set(
        Membership.objects.current(on=meeting.date).filter(board=meeting.board).values_list("person_id", flat=True)
    )


def _attendance_problems(minutes: Minutes, attendance: list[Attendance], members: set[int]) -> list[Problem]:
    meeting = minutes.meeting
    on = f"{meeting.date:%-d %B %Y}"
    problems = []
    for record in attendance:
        if record.person_id in members:
            continue
        person, state = record.person, record.get_state_display().lower()
        if record.capacity in (Attendance.Capacity.OFFICER, Attendance.Capacity.GUEST):
            if record.state == Attendance.State.MEMBER:
                problems.append(
                    Problem(
                        "Attendance",
                        f"{person} attended as {record.get_capacity_display().lower()}, not as a member: "
                        "record them as in attendance.",
                    )
                )
            continue
        problems.append(
            Problem(
                "Attendance",
                f"{person} ({state}) is not a member of the {meeting.board.short_name} on {on}: edit the attendance "
                "and say whether they attended as an officer or as a guest, or record their membership of the board.",
            )
        )
    return problems


def _away_problems(document: MinutesDocument) -> list[Problem]:
    """People recorded as absent or giving apologies cannot introduce a report or declare an interest."""
    away = {record.person_id for record in document.attendance if record.is_away}
    problems = []
    for entry in document.items:
        item = entry.item
        if item.introduced_by_id in away:
            problems.append(
                Problem(
                    f"Item {item.position}",
                    f"{item.introduced_by} is recorded as not present and cannot introduce the report: "
                    "correct the attendance or the presenter.",
                )
            )
    for declaration in document.declarations:
        if declaration.person_id in away:
            problems.append(
                Problem(
                    f"Item {declaration.item.position}",
                    f"{declaration.person} is recorded as not present and cannot declare an interest: "
                    "correct the attendance or the declaration.",
                )
            )
    return problems


def _register_problems(minutes: Minutes, declarations: list[Declaration]) -> list[Problem]:
    """A declaration by someone who kept a register of interests on the meeting's day names an entry of it.

    The secretary resolves it by choosing the entry in the declaration, or, where the interest is not in the
    register yet, by adding it there (the holder or the secretary) and then choosing it.
    """
    day = minutes.meeting.date
    holders = set(
        InterestRegister.objects.filter(holds_office_from__lte=day)
        .filter(Q(holds_office_to__isnull=True) | Q(holds_office_to__gte=day))
        .values_list("person_id", flat=True)
    )
    problems = []
    for declaration in declarations:
        if declaration.person_id not in holders:
            continue
        where = f"Item {declaration.item.position}"
        if declaration.interest_id is None:
            problems.append(
                Problem(
                    where,
                    f"{declaration.person} keeps a register of interests, but their declaration "
                    f"(“{declaration.nature.strip()[:80]}”) is linked to no entry of it: choose the entry in the "
                    "declaration, or add the interest to their register first.",
                )
            )
        elif declaration.interest.register.person_id != declaration.person_id:
            problems.append(
                Problem(
                    where,
                    f"{declaration.person}'s declaration is linked to an entry in another person's register: "
                    "choose one of their own entries.",
                )
            )
    return problems


def _clash_problems(clashes: list[Clash]) -> list[Problem]:
    return [
        Problem(
            "Attendance",
            f"The initials {clash.initials} stand for {joined([p.name for p, _ in clash.suggestions])}, so the key to "
            f"initials is ambiguous: use longer forms in these minutes ({clash.label}) and write them in the text.",
        )
        for clash in clashes
    ]


def _known_words(minutes: Minutes, people, longer: dict[int, str]) -> set[str]:
    """Tokens that are not a stranger's initials: the people's, the boards' short names, plan codes, and the
    acronyms the people's posts and organisations use."""
    known = set(ACRONYMS) | CAPITALISED_WORDS
    for person in people:
        known.add(longer.get(person.pk, person.initials))
        known.update(INITIALS.findall(f"{person.post_title} {person.organisation}"))
    known.update(Board.objects.values_list("short_name", flat=True))
    known.update(PriorityAction.objects.values_list("code", flat=True).distinct())
    return known


def _unknown_initials_problems(minutes: Minutes, document) -> list[Problem]:
    longer = document.longer
    people = {record.person for record in document.attendance} | document.people
    known = _known_words(minutes, people, longer)
    renamed = defaultdict(list)
    for person in sorted(people, key=lambda p: p.name):
        if person.pk in longer:
            renamed[person.initials].append(f"{person.name} is {longer[person.pk]}")
    problems = []
    for entry in document.items:
        for paragraph in entry.paragraphs:
            if paragraph.number not in entry.written:
                continue
            unknown = []
            for token in INITIALS.findall(paragraph.text):
                if token not in known and token not in unknown:
                    unknown.append(token)
            for token in unknown:
                hint = f" (in these minutes {joined(renamed[token])})" if token in renamed else ""
                problems.append(
                    Problem(
                        f"Item {entry.number}, paragraph {paragraph.number}",
                        f"{token} matches nobody in the attendance{hint}: add the person to the attendance "
                        "or correct the initials.",
                    )
                )
    return problems


def _decision_problems(minutes: Minutes, document) -> list[Problem]:
    decided = set(
        Decision.objects.filter(meeting=minutes.meeting).values_list("recommendation__paper__agenda_item", flat=True)
    )
    # The papers of the minuted agenda items that make recommendations, by agenda item, in one reading.
    recommending: dict[int, list[Paper]] = defaultdict(list)
    papers = (
        Paper.objects.filter(agenda_item__in={entry.item.agenda_item_id for entry in document.items} - {None})
        .exclude(status__in=GONE)
        .filter(Exists(Recommendation.objects.filter(paper=OuterRef("pk"))))
        .only("title", "agenda_item")
    )
    for paper in papers:
        recommending[paper.agenda_item_id].append(paper)
    problems = []
    for entry in document.items:
        item = entry.item
        where = f"Item {entry.number}"
        if item.for_information and item.agenda_item_id in decided:
            problems.append(
                Problem(
                    where,
                    "The item is ticked “for information”, yet the Board's decisions on its paper are recorded, and "
                    "the minutes would print both: untick “for information”.",
                )
            )
        if item.standard in STANDARD_ITEMS or item.for_information:
            continue
        papers = recommending.get(item.agenda_item_id, []) if item.agenda_item_id else []
        if papers and item.agenda_item_id not in decided:
            problems.append(
                Problem(
                    where,
                    f"The paper “{papers[0].title}” makes recommendations but no decision on them is recorded: record "
                    "the Board's decisions on the meeting, or tick “for information” if none was asked for.",
                )
            )
        elif not papers and not any(DECISION.search(paragraph.text) for paragraph in entry.paragraphs):
            problems.append(
                Problem(
                    where,
                    "The item records no decision: write what the Board noted, agreed or approved "
                    "(“The Board noted …”), or tick “for information”.",
                )
            )
    return problems


@dataclass(frozen=True)
class Review:
    """The checks' answer: the problems, and the clashes of initials among them with the longer forms offered."""

    problems: list[Problem]
    clashes: list[Clash]


def review(
    minutes: Minutes,
    *,
    members: set[int] | None = None,
    document: MinutesDocument | None = None,
    lent: dict | None = None,
) -> Review:
    """Every check, on one reading of the minutes: the confidential version as members read it. `members`: the
    board's members on the meeting's day (`board_members`), and `document`: that confidential version
    (`build_minutes(minutes, confidential=True)`), when the caller has them already; else `lent`, rows the
    caller has read with `rows_read`, which the version built here uses."""
    if document is None:
        document = build_minutes(minutes, confidential=True, lent=lent)
    attendance = document.attendance
    clashes = _clashes(document.people, document.longer)
    problems = [
        *_attendance_problems(minutes, attendance, board_members(minutes) if members is None else members),
        *_clash_problems(clashes),
        *_away_problems(document),
        *_register_problems(minutes, document.declarations),
        *_unknown_initials_problems(minutes, document),
        *_decision_problems(minutes, document),
    ]
    return Review(problems, clashes)


def minutes_problems(minutes: Minutes) -> list[Problem]:
    """What must be put right before `minutes` can be cleared; empty when they are ready."""
    return review(minutes).problems
