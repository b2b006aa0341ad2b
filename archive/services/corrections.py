"""Staff corrections to what the reader made of a document: kept in `fields`, never in `reading`.

Every save is one version of the document (optimistic lock: a save from an
older version is refused), recorded in its history with who saved it.
"""

from __future__ import annotations

from django.db import transaction

from boards.models import Board, Meeting, Person
from pcp_portal.versions import EditConflict, claim_version

from ..models import ImportedDocument, PersonMatch
from .intake import people_named, the_one

Status = ImportedDocument.Status
Role = PersonMatch.Role

#: The list in `fields` that each role's people are kept in, as the reader wrote them.
PEOPLE_FIELDS = {
    Role.CONTACT_OFFICER: "contact_officers",
    Role.MEMBER: "members",
    Role.IN_ATTENDANCE: "in_attendance",
}


class NotEditable(Exception):
    """The document is not one staff can correct now (waiting, failed or confirmed); the message says why."""


def _claim(document: ImportedDocument, expected_version: int) -> None:
    """Take the next version of a document still being read over, or say why not."""
    try:
        claim_version(document, expected_version, status=Status.READ)
    except EditConflict as conflict:
        if conflict.current.status != Status.READ:
            raise NotEditable(f"Not saved: this document is now “{conflict.current.get_status_display()}”.") from None
        raise


@transaction.atomic
def save_corrections(
    *,
    document: ImportedDocument,
    user,
    expected_version: int,
    kind: str,
    changes: dict,
    board: Board | None,
    meeting: Meeting | None,
    people: list[tuple[PersonMatch, Person | None, str, str]],
) -> ImportedDocument:
    """Write the review form's corrections: `changes` into `fields`, the matches, and the people's rows.

    `people` holds each row with the person chosen (None: create one at
    confirmation), the name and the post at the time. Apologies and the
    signatory follow the names in `changes`; rows no longer named go.
    """
    _claim(document, expected_version)
    fields = dict(document.fields)
    fields.update(changes)
    fields["kind"] = kind
    for match, person, name, post in people:
        match.person, match.name, match.post = person, name, post
        match.save(update_fields=["person", "name", "post"])
    _follow_names(document, Role.APOLOGIES, fields.get("apologies") or [])
    _follow_names(document, Role.SIGNATORY, [fields["signed_by"]] if fields.get("signed_by") else [])
    rows = list(document.people.all())
    for role, key in PEOPLE_FIELDS.items():
        if key in fields:
            fields[key] = [{"name": row.name, "post": row.post} for row in rows if row.role == role]
    document.kind = kind
    document.fields = fields
    document.board = board
    document.meeting = meeting
    document._history_user = user
    document._change_reason = "Corrected on review"
    document.save(update_fields=["kind", "fields", "board", "meeting", "version"])
    return document


def _follow_names(document: ImportedDocument, role: str, names: list[str]) -> None:
    """Keep one row per name for `role`, in order, keeping the match of a name still there."""
    rows = {row.name.casefold(): row for row in document.people.filter(role=role)}
    wanted = [name for name in names if name.strip()]
    known = people_named(wanted)
    keep = []
    for position, name in enumerate(wanted):
        row = rows.pop(name.casefold(), None)
        if row is None:
            row = PersonMatch(document=document, role=role, name=name, person=the_one(known, name))
        row.position = position
        row.save()
        keep.append(row.pk)
    document.people.filter(role=role).exclude(pk__in=keep).delete()
