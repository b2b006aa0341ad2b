"""The gifts and hospitality register: each offer recorded by the secretary, accepted or declined.

A gift's reference ("GH2026/004") is given once, from the year it was
offered, in the transaction that records it. The recipient's post is frozen
as it was then: a later change of job does not rewrite the register.
"""

from __future__ import annotations

from django.db import transaction

from boards.services.errors import TransitionError
from pcp_portal.versions import claim_version

from .. import permissions
from ..models import Gift, ReferenceCounter
from .references import next_number

GIFT_FIELDS = ("offered_on", "recipient", "description", "offered_by", "value", "outcome", "reason", "staff_note")


def _recipient_post(gift: Gift) -> str:
    person = gift.recipient
    return ", ".join(part for part in (person.post_title, person.organisation) if part)[:200]


@transaction.atomic
def record_gift(*, user, **fields) -> Gift:
    if not permissions.can_manage_gifts(user):
        raise TransitionError("Only the board secretary records gifts and hospitality.")
    gift = Gift(created_by=user, **{name: fields[name] for name in GIFT_FIELDS if name in fields})
    gift.recipient_post = _recipient_post(gift)
    gift.reference_year = gift.offered_on.year
    gift.reference_number = next_number(ReferenceCounter.Series.GIFT, gift.reference_year)
    gift._history_user = user
    gift._change_reason = "Recorded"
    gift.save()
    return gift


@transaction.atomic
def edit_gift(*, user, gift: Gift, expected_version: int, **changes) -> Gift:
    """Correct a recorded offer. The reference stays; a new recipient's post is frozen as it is now."""
    if not permissions.can_manage_gifts(user):
        raise TransitionError("Only the board secretary changes the gifts and hospitality register.")
    claim_version(gift, expected_version)
    current = Gift.objects.select_for_update().get(pk=gift.pk)
    recipient_changed = "recipient" in changes and changes["recipient"].pk != current.recipient_id
    for name in GIFT_FIELDS:
        if name in changes:
            setattr(current, name, changes[name])
    if recipient_changed:
        current.recipient_post = _recipient_post(current)
    current._history_user = user
    current._change_reason = "Corrected"
    current.save(update_fields=[*GIFT_FIELDS, "recipient_post"])
    gift.version = current.version
    return current
