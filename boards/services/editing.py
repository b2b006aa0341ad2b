"""Changes the editor offers to make for the author, saved like any edit of the paper."""

from __future__ import annotations

from django.db import transaction

from pcp_portal.checks import strip_heading_number, strip_typed_numbers
from pcp_portal.versions import check_version, claim_version

from .. import permissions
from ..models import Paper
from .errors import TransitionError


@transaction.atomic
def remove_typed_numbers(*, paper: Paper, user, expected_version: int) -> list[str]:
    """Remove the section and paragraph numbers typed into the paper's bodies and headings.

    One save of the paper and the sections it changes, as the editor's Save
    would make: the version goes up, a save from an older version is
    refused, and the history keeps the text as it was. Returns what changed
    ("the purpose", 'the heading "3. Background"'); nothing is saved when
    nothing would change.
    """
    current = Paper.objects.select_for_update().get(pk=paper.pk)
    if not permissions.can_edit_paper(user, current):
        raise TransitionError("Only the paper's author or the board secretary can edit a draft.")
    check_version(current, expected_version)
    purpose = strip_typed_numbers(current.purpose)
    changed = ["the purpose"] if purpose != current.purpose else []
    changed_sections = []
    for section in current.sections.all():
        heading, body = strip_heading_number(section.heading), strip_typed_numbers(section.body)
        if heading != section.heading:
            changed.append(f'the heading "{section.heading.strip()}"')
        if body != section.body:
            changed.append(f'the text of "{heading.strip()}"')
        if heading != section.heading or body != section.body:
            section.heading, section.body = heading, body
            changed_sections.append(section)
    if not changed:
        return []
    claim_version(current, expected_version)
    reason = "Typed section and paragraph numbers removed"
    current.purpose = purpose
    current._history_user = user
    current._change_reason = reason
    # The paper's row first: a version's sections are those saved after it.
    current.save(update_fields=["purpose", "version", "updated_at"])
    for section in changed_sections:
        section._history_user = user
        section._change_reason = reason
        section.save(update_fields=["heading", "body"])
    paper.refresh_from_db()
    return changed
