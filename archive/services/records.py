"""Confirmed imports become the record: historic meetings, papers and minutes on their original dates.

`confirm` is the one step from a reviewed document to the public record. It
runs in one transaction on the locked document row, so a document is
confirmed once; whatever stops it (`ConfirmRefused`) leaves nothing behind.
What it makes keeps the original's dates, posts and numbers
(`printed_numbers`), and says when it was imported (`imported_at`).

The portal's PDF of the record is not rendered here: the original file is the
document of record, and rendering (a second or two a document) would make a
large import take hours. Once the records commit, a background task builds the
PDF (`archive.tasks`); until then the record is public without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from boards import search as paper_search
from boards.models import (
    AgendaItem,
    Board,
    Decision,
    FurtherContact,
    Meeting,
    Paper,
    PaperEvent,
    Person,
    Recommendation,
    Section,
    SourceDocument,
)
from boards.models.papers import marking_problem
from minutes import search as minutes_search
from minutes.models import Attendance, MinuteItem, Minutes, MinutesEvent
from pcp_portal.text import blocks, sentence

from ..models import ImportedDocument, PersonMatch
from ..tasks import enqueue_minutes_pdf, enqueue_paper_pdf
from .intake import folded, people_named, the_one

#: When an imported meeting's time was not printed: a record needs one, and a morning board is the usual.
DEFAULT_TIME = time(10, 0)

#: What a minute's decision sentence says, and the outcome and recommendation verb it answers.
OUTCOMES = {
    "noted": (Decision.Outcome.NOTED, "note"),
    "approved": (Decision.Outcome.APPROVED, "approve"),
    "endorsed": (Decision.Outcome.ENDORSED, "endorse"),
    "agreed": (Decision.Outcome.AGREED, "agree"),
    "accepted": (Decision.Outcome.NOTED, "note"),
    "supported": (Decision.Outcome.ENDORSED, "endorse"),
    "deferred": (Decision.Outcome.DEFERRED, ""),
    "rejected": (Decision.Outcome.REJECTED, ""),
}

#: Words before a name that are not part of a person's initials.
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "cllr", "councillor", "sir", "dame", "rev", "lord"}


class ConfirmRefused(Exception):
    """The document cannot be confirmed yet; `errors` maps a field of the review form to what is wrong."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(message for messages in errors.values() for message in messages))


@dataclass
class _Errors:
    found: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, message: str) -> None:
        self.found.setdefault(key, []).append(message)

    def raise_any(self) -> None:
        if self.found:
            raise ConfirmRefused(self.found)


def confirm(document: ImportedDocument, *, by) -> ImportedDocument:
    """Turn a read and reviewed document into records, once. Raises ConfirmRefused with the reasons.

    The document's `fields` (as staff corrected them), `board`, `meeting` and
    `people` matches are what is recorded. A second call, or one racing this
    one, finds the row confirmed under its lock and is refused.
    """
    with transaction.atomic():
        current = ImportedDocument.objects.select_for_update().get(pk=document.pk)
        if current.status != ImportedDocument.Status.READ:
            raise ConfirmRefused({"__all__": [_not_ready(current)]})
        fields = current.fields or {}
        kind = fields.get("kind") or current.kind
        errors = _Errors()
        on = _check_common(current, fields, kind, errors)
        if kind == ImportedDocument.Kind.PAPER:
            _check_paper(fields, on, errors)
        elif kind == ImportedDocument.Kind.MINUTES:
            _check_minutes(current, fields, errors)
        errors.raise_any()

        if current.board_id is None:
            current.board = _new_board(fields["board"])
        people = _People(current)
        now = timezone.now()
        if kind == ImportedDocument.Kind.PAPER:
            current.paper = _record_paper(current, fields, on, people, by=by, now=now)
            current.meeting = current.paper.meeting
            enqueue_paper_pdf(current.paper.pk)
        else:
            current.minutes = _record_minutes(current, fields, on, people, by=by, now=now)
            current.meeting = current.minutes.meeting
            if current.minutes.status == Minutes.Status.PUBLISHED:
                enqueue_minutes_pdf(current.minutes.pk)
        current.kind = kind
        current.status = ImportedDocument.Status.CONFIRMED
        current.confirmed_at = now
        current.confirmed_by = by
        current.save()
    document.refresh_from_db()
    return document


def _not_ready(document: ImportedDocument) -> str:
    if document.status == ImportedDocument.Status.CONFIRMED:
        return f"{document.original_name} was already confirmed into the record."
    if document.status == ImportedDocument.Status.FAILED:
        return f"{document.original_name} could not be read, so there is nothing to confirm: {document.error}"
    return f"{document.original_name} has not been read yet."


# Checks: everything that would make a wrong record is refused before anything is written.


def parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _check_common(document: ImportedDocument, fields: dict, kind: str, errors: _Errors) -> date | None:
    if kind not in ImportedDocument.Kind.values:
        errors.add("kind", "Say whether this is a paper or minutes.")
    if document.board_id is None and not (fields.get("new_board") and (fields.get("board") or "").strip()):
        errors.add("board", "Choose the board the document belongs to.")
    elif document.meeting_id and document.meeting.board_id != document.board_id:
        errors.add("meeting", f"That meeting is a meeting of the {document.meeting.board}, not the {document.board}.")
    on = parse_date(fields.get("date"))
    if on is None:
        errors.add("date", "Give the document's date (for example 13 December 2018).")
    elif on > timezone.localdate():
        errors.add("date", "An archive record cannot be dated in the future.")
    elif (board := document.board) is not None:
        if board.established_on and on < board.established_on:
            errors.add("board", f"The {board} was established on {board.established_on:%-d %B %Y}, after this date.")
        elif board.dissolved_on and on > board.dissolved_on:
            errors.add("board", f"The {board} was dissolved on {board.dissolved_on:%-d %B %Y}, before this date.")
    return on


def _check_paper(fields: dict, on: date | None, errors: _Errors) -> None:
    if not (fields.get("title") or "").strip():
        errors.add("title", "Give the paper's title.")
    marking = fields.get("marking")
    if marking is None or marking not in Paper.Marking.values:
        errors.add("marking", "Say how the paper is marked: OFFICIAL, OFFICIAL-SENSITIVE or no marking.")
    elif on is not None and (problem := marking_problem(marking, on)):
        errors.add("marking", problem)
    if not (fields.get("from") or "").strip():
        errors.add("from", "Give the post the paper is from.")
    for rec in fields.get("recommendations") or []:
        if not (rec.get("verb") or "").strip() or not (rec.get("text") or "").strip():
            errors.add("recommendations", f"Recommendation {rec.get('number') or ''} needs its verb and its text.")
    category = fields.get("exemption_category") or ""
    if category and category not in AgendaItem.Exemption.values:
        errors.add("exemption_category", "Choose a category of exempt information from the list.")
    if fields.get("meeting_date") and parse_date(fields.get("meeting_date")) is None:
        errors.add("meeting_date", "Give the meeting's date as a date (for example 13 December 2018).")


def _check_minutes(document: ImportedDocument, fields: dict, errors: _Errors) -> None:
    if not fields.get("items"):
        errors.add("kind", "No numbered items were read from these minutes: is this really a set of minutes?")
    if fields.get("time") and _time(fields["time"]) is None:
        errors.add("time", "Give the meeting's time as 14:00.")
    if document.meeting_id and Minutes.objects.filter(meeting_id=document.meeting_id).exists():
        errors.add("meeting", f"The meeting of {document.meeting} already has minutes.")
    approved = (fields.get("status") or "").lower() == "approved"
    if approved and not (fields.get("signed_by") or "").strip():
        errors.add("signed_by", "Approved minutes are signed: give the name of the person who signed them.")
    if fields.get("signed_on") and parse_date(fields["signed_on"]) is None:
        errors.add("signed_on", "Give the date the minutes were signed as a date.")
    states: dict[str, str] = {}
    for match in document.people.all():
        if match.role in (PersonMatch.Role.CONTACT_OFFICER, PersonMatch.Role.SIGNATORY):
            continue
        key = _person_key(match)
        if key in states and states[key] != match.role:
            errors.add(
                "people",
                f"{match.name} is listed as {_role_name(states[key])} and as {_role_name(match.role)}: "
                "a person has one state per meeting. Correct the attendance before confirming.",
            )
        states.setdefault(key, match.role)


def _role_name(role: str) -> str:
    """As the sentence "X is listed as a member and as giving apologies" needs it."""
    return {
        PersonMatch.Role.MEMBER: "a member",
        PersonMatch.Role.IN_ATTENDANCE: "in attendance",
        PersonMatch.Role.APOLOGIES: "giving apologies",
    }.get(role, PersonMatch.Role(role).label.lower())


def _time(value: str) -> time | None:
    found = re.match(r"^\s*(\d{1,2})[:.](\d{2})\s*(am|pm)?", str(value or ""), re.IGNORECASE)
    if not found:
        return None
    hour, minute = int(found.group(1)), int(found.group(2))
    if (found.group(3) or "").lower() == "pm" and hour < 12:
        hour += 12
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _at(on: date, at: time = DEFAULT_TIME) -> datetime:
    return timezone.make_aware(datetime.combine(on, at))


# People: a match is used; a name with none becomes a person, with the post as printed.


def initials_of(name: str) -> str:
    words = [w for w in re.split(r"[\s.]+", name) if w and w.strip(".").lower() not in HONORIFICS]
    return "".join(w[0].upper() for w in words if w[0].isalpha())[:6] or "?"


def _person_key(match: PersonMatch) -> object:
    return match.person_id or folded(match.name)


class _People:
    """The document's people: matched ones as they are, new ones made once each, whatever roles they had."""

    def __init__(self, document: ImportedDocument):
        self.matches = list(document.people.select_related("person").order_by("position", "pk"))
        self.made: dict[str, Person] = {}

    def of_role(self, role: str) -> list[PersonMatch]:
        return [match for match in self.matches if match.role == role]

    def person(self, match: PersonMatch) -> Person:
        if match.person_id:
            return match.person
        key = folded(match.name)
        if key not in self.made:
            # One person of that name in the portal by now (an earlier document of the same upload made them):
            # that is who this is, rather than a second record of the same person.
            namesake = the_one(people_named([match.name]), match.name)
            if namesake is not None:
                self.made[key] = namesake
        if key not in self.made:
            posts = [m.post for m in self.matches if _person_key(m) == key and m.post]
            self.made[key] = Person.objects.create(
                name=" ".join(match.name.split()),
                initials=initials_of(match.name),
                post_title=(posts[0] if posts else "")[:200],
            )
        match.person = self.made[key]
        match.save(update_fields=["person"])
        return match.person


def _new_board(name: str) -> Board:
    """The board staff named as new on review: made with a short name and address of its own."""
    name = " ".join(name.split())[:200]
    existing = Board.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    words = [word for word in re.findall(r"[A-Za-z0-9]+", name) if word.lower() not in {"of", "and", "the", "for"}]
    base = "".join(word[0] for word in words).upper()[:16] or "BOARD"
    short, number = base, 1
    while Board.objects.filter(models.Q(short_name__iexact=short) | models.Q(slug=slugify(short))).exists():
        number += 1
        short = f"{base}{number}"
    return Board.objects.create(name=name, short_name=short, slug=slugify(short))


# Meetings


def _historic_meeting(board: Board, on: date, *, at: time | None, place: str, now: datetime) -> Meeting:
    """The board's meeting on `on`, or a new one: held, its agenda public since the day, no rules of today."""
    existing = board.meetings.on_day(on).order_by("starts_at").first()
    if existing is not None:
        return existing
    starts_at = _at(on, at or DEFAULT_TIME)
    return Meeting.objects.create(
        board=board,
        starts_at=starts_at,
        location=place[:200],
        status=Meeting.Status.HELD,
        agenda_published_at=starts_at,
        imported_at=now,
    )


def _public_item_title(title: str, marking, category: str) -> str:
    """The title the public agenda shows for the item. An agenda item's title is public even when its paper is
    not; an office writes a neutral one for such an item, so the import does too rather than print the paper's."""
    if category:
        return f"Exempt item: {AgendaItem.Exemption(category).label.split('. ', 1)[-1]}"
    if marking == Paper.Marking.OFFICIAL_SENSITIVE:
        return "A paper not for publication (OFFICIAL-SENSITIVE)"
    return title


def _agenda_item(meeting: Meeting, printed: str, title: str, category: str) -> AgendaItem:
    """The item the paper went to: the meeting's item with the printed number if it carries no paper yet,
    or a new one at that number (the next free one if it is taken)."""
    number = _leading_int(printed)
    if number:
        item = meeting.agenda_items.filter(position=number).first()
        if item is not None and not item.papers.exists() and not item.standard:
            return item
    taken = set(meeting.agenda_items.values_list("position", flat=True))
    if not number or number in taken:
        number = max(taken, default=0) + 1
    exempt = bool(category)
    return AgendaItem.objects.create(
        meeting=meeting,
        position=number,
        title=title[:300],
        part=AgendaItem.Part.EXEMPT if exempt else AgendaItem.Part.PUBLIC,
        exemption_category=category,
        added_at=meeting.starts_at,
    )


def _leading_int(printed: str) -> int | None:
    found = re.match(r"\s*(\d+)", str(printed or ""))
    number = int(found.group(1)) if found else 0
    return number if 0 < number < 32767 else None


# Papers


def _body_and_labels(paragraphs: list[dict]) -> tuple[str, list[str]]:
    """The paragraphs as one body, and the printed number of each block the portal will make of it."""
    texts, labels = [], []
    for paragraph in paragraphs:
        text = (paragraph.get("text") or "").strip()
        count = len(blocks(text)) if text else 0
        if not count:
            continue
        texts.append(text)
        labels += [str(paragraph.get("number") or "")] + [""] * (count - 1)
    return "\n\n".join(texts), labels


def _section_number(numbers: list[str], fallback: str) -> str:
    """A section's number from its paragraphs' ("2.1" -> "2"), else `fallback`."""
    for number in numbers:
        if number and "." in number:
            return number.split(".", 1)[0]
    return fallback


def _record_paper(document, fields: dict, on: date, people: _People, *, by, now: datetime) -> Paper:
    board = document.board
    title = " ".join((fields.get("title") or "").split())
    meeting = document.meeting
    meeting_on = parse_date(fields.get("meeting_date"))
    if meeting is None and meeting_on is not None:
        meeting = _historic_meeting(board, meeting_on, at=None, place="", now=now)
    item = None
    if meeting is not None:
        category = fields.get("exemption_category") or ""
        item_title = _public_item_title(title, fields.get("marking"), category)
        item = _agenda_item(meeting, fields.get("agenda_item") or "", item_title, category)

    purpose, purpose_labels = _body_and_labels(fields.get("purpose") or [])
    recommendations = fields.get("recommendations") or []
    closing = fields.get("closing_recommendations") or []
    rec_numbers = [str(r.get("number") or "") for r in recommendations]
    sections = [s for s in fields.get("sections") or [] if (s.get("heading") or "").strip()]
    printed = [{"number": _section_number(purpose_labels, "1"), "paragraphs": purpose_labels}]
    printed.append({"number": _section_number(rec_numbers, "2"), "paragraphs": rec_numbers})
    bodies = []
    for section in sections:
        body, labels = _body_and_labels(section.get("paragraphs") or [])
        bodies.append(body)
        printed.append({"number": str(section.get("number") or "").rstrip("."), "paragraphs": labels})
    closing_numbers = [str(r.get("number") or "") for r in closing]
    # The closing section is printed from section 2's records; where the file's own said something else, the
    # record keeps what it printed (the reader reports the difference as a fault).
    closing_wording = (
        [_wording(r) for r in closing] if closing and _wordings(closing) != _wordings(recommendations) else []
    )
    last = _leading_int(printed[-1]["number"]) or len(printed)
    printed.append({"number": _section_number(closing_numbers, str(last + 1)), "paragraphs": closing_numbers})

    officers = people.of_role(PersonMatch.Role.CONTACT_OFFICER)
    contacts = [people.person(match) for match in officers]
    as_printed = [", ".join(part for part in (match.name, match.post) if part) for match in officers]
    published_at = _at(on, time(0, 0))
    paper = Paper.objects.create(
        board=board,
        agenda_item=item,
        title=title[:300],
        from_post=(fields.get("from") or "").strip()[:200],
        date=on,
        marking=fields["marking"],
        purpose=purpose,
        contact_officer=contacts[0] if contacts else None,
        contact_officer_as_published="\n".join(as_printed),
        location=(fields.get("location") or "").strip()[:300],
        status=Paper.Status.CLEARED,
        created_by=by,
        imported_at=now,
        printed_numbers={
            "sections": printed,
            "closing": closing_wording,
            "agenda_item": " ".join((fields.get("agenda_item") or "").split())[:20],
        },
    )
    FurtherContact.objects.bulk_create(
        FurtherContact(paper=paper, position=position, person=person)
        for position, person in enumerate(contacts[1:], start=1)
    )
    Section.objects.bulk_create(
        Section(paper=paper, position=position, heading=s["heading"].strip()[:200], body=body)
        for position, (s, body) in enumerate(zip(sections, bodies, strict=True))
    )
    Recommendation.objects.bulk_create(
        Recommendation(paper=paper, position=position, verb=r["verb"].strip().lower()[:40], text=r["text"].strip())
        for position, r in enumerate(recommendations)
    )
    SourceDocument.objects.bulk_create(
        SourceDocument(paper=paper, position=position, title=title_[:300])
        for position, title_ in enumerate(t.strip() for t in fields.get("source_documents") or [] if t.strip())
    )
    # Published without its PDF (the rule `published_paper_has_pdf` lets an imported paper wait for it): the
    # original file is the document of record, and the portal's PDF is built after commit (`archive.tasks`).
    paper.published_at = published_at
    paper.status = Paper.Status.PUBLISHED
    paper.save(update_fields=["status", "published_at", "updated_at"])
    PaperEvent.objects.create(
        paper=paper,
        action=PaperEvent.Action.PUBLISHED,
        from_status="",
        to_status=paper.status,
        actor=by,
        comment=f"Imported from the archive ({document.original_name}); published on {on:%-d %B %Y}.",
    )
    paper_search.update_paper(paper)
    return paper


def _wording(read: dict) -> str:
    verb, text = (read.get("verb") or "").strip(), (read.get("text") or "").strip()
    return sentence(f"The Board is recommended to {verb} {text}" if verb else text)


def _wordings(reads: list[dict]) -> list[str]:
    return [" ".join(_wording(read).split()).casefold() for read in reads]


# Minutes


def _record_minutes(document, fields: dict, on: date, people: _People, *, by, now: datetime) -> Minutes:
    signatories = people.of_role(PersonMatch.Role.SIGNATORY)
    signatory = people.person(signatories[0]) if signatories else None
    meeting = document.meeting or _historic_meeting(
        document.board, on, at=_time(fields.get("time") or ""), place=fields.get("place") or "", now=now
    )
    if Minutes.objects.filter(meeting=meeting).exists():
        raise ConfirmRefused({"meeting": [f"The meeting of {meeting} already has minutes."]})
    at = _time(fields.get("time") or "")
    if meeting.imported_at:
        # Made for a paper, which prints neither time nor place: the minutes say when and where the meeting was.
        update = []
        if at and timezone.localtime(meeting.starts_at).time() != at:
            meeting.starts_at = meeting.agenda_published_at = _at(meeting.date, at)
            update += ["starts_at", "agenda_published_at"]
        if not meeting.location and (fields.get("place") or "").strip():
            meeting.location = fields["place"].strip()[:200]
            update.append("location")
        if update:
            meeting.save(update_fields=[*update, "updated_at"])
    away = {people.person(m).pk for m in people.of_role(PersonMatch.Role.APOLOGIES)}
    if (
        signatory is not None
        and signatory.pk not in away
        and meeting.imported_at
        and meeting.chaired_by_id != signatory.pk
    ):
        # Whoever chaired a meeting signs its minutes: the signature says who chaired this one (unless the
        # signatory gave apologies, a fault the reader reports: then the record does not guess).
        meeting.chaired_by = signatory
        meeting.save(update_fields=["chaired_by", "updated_at"])

    approved = (fields.get("status") or "").lower() == "approved"
    # Minutes marked OFFICIAL-SENSITIVE (a confidential part's minutes) are the record, signed, never published.
    sensitive = fields.get("marking") == Paper.Marking.OFFICIAL_SENSITIVE
    signed_on = parse_date(fields.get("signed_on")) or on
    next_meeting = parse_date(fields.get("next_meeting"))
    if not approved:
        status = Minutes.Status.DRAFT
    else:
        status = Minutes.Status.SIGNED if sensitive else Minutes.Status.PUBLISHED
    minutes = Minutes.objects.create(
        meeting=meeting,
        status=status,
        next_meeting=f"{next_meeting:%-d %B %Y}" if next_meeting else "",
        signed_by=signatory if approved else None,
        signed_at=_at(signed_on, time(0, 0)) if approved else None,
        published_at=_at(signed_on, time(0, 0)) if status == Minutes.Status.PUBLISHED else None,
        imported_at=now,
        created_by=by,
    )

    states = {
        PersonMatch.Role.MEMBER: Attendance.State.MEMBER,
        PersonMatch.Role.IN_ATTENDANCE: Attendance.State.IN_ATTENDANCE,
        PersonMatch.Role.APOLOGIES: Attendance.State.APOLOGIES,
    }
    seen: set[int] = set()
    key = []
    for match in people.matches:
        if match.role not in states:
            continue
        person = people.person(match)
        if person.pk in seen:
            continue
        seen.add(person.pk)
        post = match.post or person.post_title
        Attendance.objects.create(minutes=minutes, person=person, state=states[match.role], post=post[:400])
        if match.role != PersonMatch.Role.APOLOGIES:
            key.append([person.initials, ", ".join(part for part in (person.name, post) if part)])

    printed = {}
    taken: set[int] = set()
    items = []
    for index, read in enumerate(fields.get("items") or [], start=1):
        position = _leading_int(read.get("number") or "")
        if not position or position in taken:
            position = max(taken, default=0) + 1
        taken.add(position)
        body, labels = _body_and_labels(read.get("paragraphs") or [])
        items.append(
            MinuteItem(
                minutes=minutes,
                position=position,
                title=(read.get("heading") or f"Item {index}").strip()[:300],
                body=body,
            )
        )
        printed[str(position)] = {"number": str(read.get("number") or "").rstrip("."), "paragraphs": labels}
    MinuteItem.objects.bulk_create(items)
    minutes.printed_numbers = printed
    minutes.initials_key = sorted(key)
    minutes.save(update_fields=["printed_numbers", "initials_key", "updated_at"])
    MinutesEvent.objects.create(
        minutes=minutes,
        action="imported",
        to_status=minutes.status,
        actor=by,
        comment=f"Imported from the archive ({document.original_name}).",
    )
    for decision in _record_decisions(meeting, fields.get("decisions") or [], by=by):
        paper_search.update_decision(decision)
    minutes_search.update_minutes(minutes)
    return minutes


def _record_decisions(meeting: Meeting, decisions: list[dict], *, by) -> list[Decision]:
    """Decisions in the register for the minute's decisions that can be tied to a recommendation of a paper
    of this meeting already in the portal; the others stay as minute text."""
    made = []
    for read in decisions:
        text = read.get("text") or ""
        found = re.search(r"\b(" + "|".join(OUTCOMES) + r")\b", text, re.IGNORECASE)
        item = _leading_int(read.get("paragraph") or "")
        if not found or not item:
            continue
        outcome, verb = OUTCOMES[found.group(1).lower()]
        open_recs = list(
            Recommendation.objects.filter(
                paper__agenda_item__meeting=meeting, paper__agenda_item__position=item, decision__isnull=True
            )
            .exclude(paper__status__in=[Paper.Status.DRAFT, Paper.Status.WITHDRAWN])
            .order_by("paper_id", "position")
        )
        if verb and len(open_recs) > 1:
            open_recs = [rec for rec in open_recs if rec.verb == verb] or open_recs
        if not open_recs:
            continue
        targets = open_recs if len({rec.paper_id for rec in open_recs}) == 1 else []
        for rec in targets:
            made.append(
                Decision.objects.create(
                    recommendation=rec,
                    outcome=outcome,
                    meeting=meeting,
                    recorded_by=by,
                    confirmed_by=by,
                    confirmed_at=meeting.starts_at,
                )
            )
    return made
