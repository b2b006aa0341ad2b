"""Files in: store each original once, read it, propose who and what it refers to.

`ingest` keeps the file byte for byte under its SHA-256 (a file already
imported is reported, not stored twice); `read_document` runs the reader
and proposes the board, the meeting and the people, for staff to review.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from boards.models import Board, Meeting, Person

from ..models import ImportBatch, ImportedDocument, PersonMatch
from ..reading import Unreadable, read

#: The kinds of file the reader takes.
SUFFIXES = (".txt", ".docx", ".pdf")


@dataclass
class Ingested:
    document: ImportedDocument
    created: bool  # False: the same bytes were imported before, as `document`


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ingest(batch: ImportBatch, name: str, data: bytes) -> Ingested:
    """Store one file of `batch`, or find the document that already holds the same bytes."""
    digest = sha256_of(data)
    existing = ImportedDocument.objects.filter(sha256=digest).first()
    if existing:
        return Ingested(existing, created=False)
    name = PurePath(name).name
    document = ImportedDocument(batch=batch, original_name=name, sha256=digest, size=len(data))
    document.original.save(name, ContentFile(data), save=False)
    document.save()
    return Ingested(document, created=True)


def read_document(document: ImportedDocument) -> ImportedDocument:
    """Read the stored original into fields, faults and proposed matches; a file that cannot be read says why."""
    with document.original.open("rb") as handle:
        data = handle.read()
    try:
        reading = read(document.original_name, data)
    except Unreadable as exc:
        document.status = ImportedDocument.Status.FAILED
        document.error = str(exc)
        document.read_at = timezone.now()
        document.save(update_fields=["status", "error", "read_at"])
        return document
    fields = reading.as_json()
    with transaction.atomic():
        document.status = ImportedDocument.Status.READ
        document.error = ""
        document.kind = reading.kind
        document.confidence = reading.confidence
        document.text = reading.text
        document.reading = fields
        document.fields = fields
        document.board = match_board(reading.board)
        document.meeting = match_meeting(document.board, reading.date) if reading.kind == "minutes" else None
        document.read_at = timezone.now()
        document.save()
        document.people.all().delete()
        PersonMatch.objects.bulk_create(proposed_people(document, fields))
    return document


def match_board(name: str) -> Board | None:
    name = " ".join(name.split())
    if not name:
        return None
    return (Board.objects.filter(name__iexact=name) | Board.objects.filter(short_name__iexact=name)).first()


def match_meeting(board: Board | None, on) -> Meeting | None:
    if board is None or on is None:
        return None
    return board.meetings.on_day(on).first()


ROLES_OF_FIELDS = {
    "contact_officers": PersonMatch.Role.CONTACT_OFFICER,
    "members": PersonMatch.Role.MEMBER,
    "in_attendance": PersonMatch.Role.IN_ATTENDANCE,
}


def folded(name: str) -> str:
    """A name as names are compared: without case, and with its spaces as single spaces."""
    return " ".join(name.split()).casefold()


def people_named(names: Iterable[str]) -> dict[str, list[Person]]:
    """The portal's people of each of `names`, in one query, by `folded` name: a list, since two may share one."""
    wanted = {" ".join(name.split()) for name in names if name.strip()}
    if not wanted:
        return {}
    found: dict[str, list[Person]] = {}
    for person in Person.objects.filter(reduce(or_, (Q(name__iexact=name) for name in wanted))):
        found.setdefault(folded(person.name), []).append(person)
    return found


def the_one(found: dict[str, list[Person]], name: str) -> Person | None:
    """The person called `name` in `found` (`people_named`'s answer), if exactly one is."""
    candidates = found.get(folded(name), [])
    return candidates[0] if len(candidates) == 1 else None


def proposed_people(document: ImportedDocument, fields: dict) -> list[PersonMatch]:
    """One row per person the document names, matched by name to the portal's people where one matches exactly."""
    named: list[tuple[str, str, str]] = []
    for key, role in ROLES_OF_FIELDS.items():
        named += [(role, person["name"], person.get("post", "")) for person in fields.get(key) or []]
    named += [(PersonMatch.Role.APOLOGIES, name, "") for name in fields.get("apologies") or []]
    if fields.get("signed_by"):
        named.append((PersonMatch.Role.SIGNATORY, fields["signed_by"], ""))
    people = people_named(name for _, name, _ in named)
    return [
        PersonMatch(document=document, position=position, role=role, name=name, post=post, person=the_one(people, name))
        for position, (role, name, post) in enumerate(named)
    ]
