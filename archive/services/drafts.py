"""A new draft paper filled from a Word file, by the same reader that imports the archive.

`draft_from_reading` decides what goes where: the paper's fields, its
recommendations (verbs the portal offers), its sections (numbers typed in
the file removed: the portal numbers paragraphs itself), its bibliography,
and a list of what could not be placed. `start_paper_from_word` creates the
draft as the editor creates a typed one (the paper's history, its
"created" event, version 1), owned by the author, and keeps that list
(`WordDraft`) for the editor to show until the author dismisses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone

from boards import services as board_services
from boards.models import (
    AgendaItem,
    Board,
    FurtherContact,
    Paper,
    Person,
    Recommendation,
    RecommendationVerb,
    Section,
    SourceDocument,
)
from boards.models.papers import marking_problem
from boards.services import TransitionError
from pcp_portal.checks import strip_heading_number, strip_typed_numbers

from ..models import WordDraft
from ..permissions import can_start_paper_from_word
from ..reading.papers import read_paper
from ..reading.result import MINUTES, ParagraphRead, Reading, SectionRead
from .intake import folded, people_named

# Sections the portal writes itself from the paper's records: copying them would print them twice.
GENERATED_HEADINGS = re.compile(r"^(?:recommendations?|bibliography|source documents?)$", re.IGNORECASE)

TITLE_MAX = Paper._meta.get_field("title").max_length
FROM_MAX = Paper._meta.get_field("from_post").max_length
LOCATION_MAX = Paper._meta.get_field("location").max_length
HEADING_MAX = Section._meta.get_field("heading").max_length
SOURCE_MAX = SourceDocument._meta.get_field("title").max_length


@dataclass
class Unplaced:
    what: str  # where it was in the file, as the author would find it: "Recommendation 2.3"
    text: str  # the text itself, to copy

    def as_dict(self) -> dict:
        return {"what": self.what, "text": self.text}


@dataclass
class Draft:
    """What a reading gives a new paper, before anything is saved."""

    title: str
    from_post: str
    marking: str
    purpose: str
    location: str
    recommendations: list[tuple[str, str]] = field(default_factory=list)  # (verb, text)
    sections: list[tuple[str, str]] = field(default_factory=list)  # (heading, body)
    source_documents: list[str] = field(default_factory=list)
    contacts: list[Person] = field(default_factory=list)  # the first is the paper's contact officer
    unplaced: list[Unplaced] = field(default_factory=list)


def body_of(paragraphs: list[ParagraphRead]) -> str:
    """Paragraphs as the editor's body text: a blank line between them, typed numbers removed.

    The reader keeps a paragraph's number apart from its text; numbers typed
    into the text itself (in a bullet, on a wrapped line) are removed here as
    the editor's "Remove typed numbers" would. A list or table keeps to the
    paragraph above it, as the body syntax says.
    """
    return without_typed_numbers("\n\n".join(p.text.strip() for p in paragraphs if p.text.strip()))


def without_typed_numbers(body: str) -> str:
    # Removing a number can bring the next one to the start of a line ("3.1 3.2 The Board").
    for _ in range(3):
        stripped = strip_typed_numbers(body)
        if stripped == body:
            break
        body = stripped
    return body


def _heading(text: str, number: str = "") -> str:
    """The heading without the number typed before it: the reader's own ("5" of "5 Recommendation"), or one
    the editor's checks see ("3." or "3.0")."""
    heading = " ".join(text.split())
    if number and heading.startswith(number) and heading[len(number) : len(number) + 1] in (" ", ".", ")"):
        heading = heading[len(number) :].lstrip(" .)")
    while (stripped := strip_heading_number(heading).strip()) != heading:
        heading = stripped
    return heading


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _marking(read: str | None, on: date) -> str:
    """The marking as read, if the paper's date allows it; OFFICIAL otherwise (nothing printed, or unknown)."""
    marking = (read or "").strip().upper()
    if marking not in Paper.Marking.values or not marking or marking_problem(marking, on):
        return Paper.Marking.OFFICIAL
    return marking


def _verbs() -> dict[str, str]:
    """The active verbs, by their folded form: "Note" in the file is the verb "note"."""
    verbs = RecommendationVerb.objects.filter(active=True).values_list("verb", flat=True)
    return {verb.casefold(): verb for verb in verbs}


def _recommendations(reading: Reading, unplaced: list[Unplaced]) -> list[tuple[str, str]]:
    verbs = _verbs()
    read = reading.recommendations or reading.closing_recommendations
    placed = []
    for index, rec in enumerate(read, start=1):
        where = f"Recommendation {rec.number or index}"
        verb = verbs.get(" ".join(rec.verb.split()).casefold())
        if verb is None:
            unplaced.append(
                Unplaced(
                    f"{where} (the verb “{rec.verb}” is not one the portal offers)",
                    _as_printed(rec),
                )
            )
            continue
        placed.append((verb, rec.text.strip()))
    # The portal prints the closing section from section 2's records; one that said something else is kept.
    if reading.recommendations:
        said = {(rec.verb.casefold(), " ".join(rec.text.split()).casefold()) for rec in reading.recommendations}
        for index, rec in enumerate(reading.closing_recommendations, start=1):
            if (rec.verb.casefold(), " ".join(rec.text.split()).casefold()) not in said:
                unplaced.append(
                    Unplaced(
                        f"Closing recommendation {rec.number or index} (not in section 2)",
                        _as_printed(rec),
                    )
                )
    return placed


def _sections(sections: list[SectionRead], unplaced: list[Unplaced]) -> list[tuple[str, str]]:
    placed = []
    for section in sections:
        heading = _heading(section.heading, section.number)
        if GENERATED_HEADINGS.match(heading):
            continue
        body = body_of(section.paragraphs)
        if not heading:
            if body:
                unplaced.append(Unplaced(f"Text without a heading (section {section.number or '?'})", body))
            continue
        if len(heading) > HEADING_MAX:
            unplaced.append(Unplaced("A heading too long for a section heading, shortened", heading))
        placed.append((_shortened(heading, HEADING_MAX), body))
    return placed


def _contacts(reading: Reading, unplaced: list[Unplaced]) -> list[Person]:
    """The contact officers who are people in the portal, by name (whatever its case or spacing); the others
    are listed for the author."""
    names = [" ".join(officer.name.split()) for officer in reading.contact_officers]
    found = people_named(names)
    people = []
    for officer, name in zip(reading.contact_officers, names, strict=True):
        who = ", ".join(part for part in (name, officer.post.strip()) if part)
        matches = found.get(folded(name), [])
        if len(matches) == 1 and matches[0] not in people:
            people.append(matches[0])
        elif len(matches) > 1:
            unplaced.append(Unplaced("Contact officer (more than one person in the portal has this name)", who))
        elif not matches:
            unplaced.append(Unplaced("Contact officer (nobody of this name in the portal)", who))
    return people


def draft_from_reading(reading: Reading, *, on: date, file_name: str = "") -> Draft:
    """What goes where in a new paper dated `on`, and what could not be placed."""
    unplaced: list[Unplaced] = []
    title = " ".join(reading.title.split())
    if not title:
        title = PurePath(file_name).stem or "Paper from a Word file"
        unplaced.append(Unplaced("Title (none found in the file; the file's name was used)", title))
    elif len(title) > TITLE_MAX:
        unplaced.append(Unplaced("Title (too long; shortened)", title))
    from_post = " ".join(reading.from_.split())
    if len(from_post) > FROM_MAX:
        unplaced.append(Unplaced("From (too long; left out)", from_post))
        from_post = ""
    location = " ".join(reading.location.split())
    if len(location) > LOCATION_MAX:
        unplaced.append(Unplaced("Where the source documents may be inspected (too long; left out)", location))
        location = ""
    draft = Draft(
        title=_shortened(title, TITLE_MAX),
        from_post=from_post,
        marking=_marking(reading.marking, on),
        purpose=body_of(reading.purpose),
        location=location,
        unplaced=unplaced,
    )
    draft.recommendations = _recommendations(reading, unplaced)
    draft.sections = _sections(reading.sections, unplaced)
    for source in reading.source_documents:
        source = " ".join(source.split())
        if len(source) > SOURCE_MAX:
            unplaced.append(Unplaced("Source document (too long for the bibliography)", source))
        elif source:
            draft.source_documents.append(source)
    draft.contacts = _contacts(reading, unplaced)
    unplaced += [Unplaced("Text the reader could not place", text) for text in reading.unplaced if text.strip()]
    return draft


def read_as_paper(reading: Reading) -> Reading:
    """An author's Word file is a paper, even one the classifier took for minutes (it mentions "the minutes")."""
    if reading.kind == MINUTES:
        return read_paper(reading.text, file=reading.file)
    return reading


@transaction.atomic
def start_paper_from_word(
    *, user, board: Board, agenda_item: AgendaItem | None, reading: Reading, file_name: str
) -> tuple[Paper, WordDraft]:
    """A new draft owned by `user`, filled from `reading`, as the editor would save a typed one.

    The board and the item are those the new-paper form accepts (the upload
    form checks them with its rules); the paper is dated today.
    """
    if not can_start_paper_from_word(user):
        raise TransitionError("Only authors and the board secretary draft papers.")
    today = timezone.localdate()
    draft = draft_from_reading(read_as_paper(reading), on=today, file_name=file_name)
    contacts = draft.contacts
    paper = Paper(
        board=board,
        agenda_item=agenda_item,
        title=draft.title,
        from_post=draft.from_post,
        date=today,
        marking=draft.marking,
        purpose=draft.purpose,
        contact_officer=contacts[0] if contacts else None,
        created_by=user,
    )
    if draft.location:
        paper.location = draft.location
    rows = [Recommendation(paper=paper, position=i, verb=v, text=t) for i, (v, t) in enumerate(draft.recommendations)]
    rows += [Section(paper=paper, position=i, heading=h, body=b) for i, (h, b) in enumerate(draft.sections)]
    rows += [SourceDocument(paper=paper, position=i, title=t) for i, t in enumerate(draft.source_documents)]
    rows += [FurtherContact(paper=paper, position=i, person=p) for i, p in enumerate(contacts[1:])]
    # Saved one by one, the paper's row first, as the editor saves: each row has its first version in the history.
    for obj in (paper, *rows):
        obj._history_user = user
        obj._change_reason = f"Started from the Word file {file_name}"
        if obj is not paper:
            obj.paper = paper
        obj.save()
    board_services.record_creation(paper=paper, user=user, comment=f"Started from the Word file “{file_name}”.")
    notes = WordDraft.objects.create(
        paper=paper,
        file_name=file_name,
        unplaced=[item.as_dict() for item in draft.unplaced],
        created_by=user,
    )
    return paper, notes


@transaction.atomic
def dismiss_unplaced(*, notes: WordDraft, user) -> WordDraft:
    """The author has placed or discarded what the reader could not: the editor stops listing it."""
    current = WordDraft.objects.select_for_update().get(pk=notes.pk)
    if current.dismissed_at is None:
        current.dismissed_at = timezone.now()
        current.dismissed_by = user
        current.save(update_fields=["dismissed_at", "dismissed_by"])
    return current


def _as_printed(rec) -> str:
    """A recommendation as the Word file put it; one whose verb could not be read is its whole sentence."""
    if not rec.verb.strip():
        return rec.text.strip()
    return f"The Board is recommended to {rec.verb} {rec.text}".strip()
