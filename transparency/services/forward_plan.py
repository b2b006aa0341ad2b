"""The forward plan's entries: create, save (with the version check), publish, withdraw.

Each function locks the entry, asks `permissions`, keeps the model's rules
(`ForwardPlanEntry.clean`, raised as a `ValidationError` naming the field) and
saves one history record with who, when and why (`simple_history`'s user and
change reason). A view never sets `published_at` or `withdrawn_at` itself.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from boards.models import Meeting
from boards.services.errors import TransitionError
from pcp_portal.versions import check_version

from .. import permissions
from ..models import ForwardPlanEntry, is_late_for

#: What `save_entry` may change; publication and withdrawal have their own steps.
EDITABLE = (
    "subject",
    "description",
    "decision_maker",
    "board",
    "expected_on",
    "meeting",
    "private",
    "private_reason",
    "contact_officer",
    "late_reason",
    "staff_note",
    "notice",
    "board_decision",
)


def _locked(entry: ForwardPlanEntry) -> ForwardPlanEntry:
    return ForwardPlanEntry.objects.select_for_update().get(pk=entry.pk)


def _save(entry: ForwardPlanEntry, user, reason: str) -> ForwardPlanEntry:
    if entry.meeting_id:
        entry.expected_on = entry.meeting.date  # a meeting's date is the expected date, whatever was typed
    for name in ("subject", "description", "private_reason", "late_reason", "staff_note", "withdrawal_reason"):
        setattr(entry, name, getattr(entry, name).strip())
    if not entry.private:
        entry.private_reason = ""
    entry.full_clean(exclude=["created_by"])
    entry._history_user = user
    entry._change_reason = reason
    entry.save()
    return entry


def _apply(entry: ForwardPlanEntry, fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(entry, name, value)


@transaction.atomic
def create_entry(*, user, **fields) -> ForwardPlanEntry:
    """A draft entry; nothing is public until `publish_entry`."""
    if not permissions.can_manage_forward_plan(user):
        raise TransitionError("Only the office's authors and the board secretary keep the forward plan.")
    entry = ForwardPlanEntry(created_by=user)
    _apply(entry, {"late_reason": "", **fields})
    entry.late_reason = ""  # given at publication, when it is known whether the entry is late
    return _save(entry, user, "Created")


@transaction.atomic
def save_entry(*, entry: ForwardPlanEntry, user, expected_version: int, **fields) -> ForwardPlanEntry:
    """Save the entry's fields; refused (`EditConflict`) when it changed since `expected_version`.

    A published entry whose new expected date gives fewer than 28 days' notice needs the late reason.
    """
    current = _locked(entry)
    if not permissions.can_edit_forward_plan_entry(user, current):
        raise TransitionError("A withdrawn entry cannot be changed; only the authors and the secretary edit entries.")
    check_version(current, expected_version)
    if current.published_at is None:
        fields.pop("late_reason", None)
    _apply(current, fields)
    current.version += 1  # the row is locked: of two saves from one version, the second sees the first's
    _save(current, user, "Edited")
    entry.refresh_from_db()
    return current


@transaction.atomic
def publish_entry(*, entry: ForwardPlanEntry, user, late_reason: str = "", now: datetime | None = None):
    """Make the entry public; fewer than 28 days before the decision it is late and needs its reason."""
    current = _locked(entry)
    if not permissions.can_publish_forward_plan_entry(user, current):
        raise TransitionError("Only the board secretary publishes a draft entry of the forward plan.")
    now = now or timezone.now()
    today = timezone.localdate(now)
    if current.expected_on < today:
        raise ValidationError(
            {"late_reason": "The expected date has passed: change it before publishing, or withdraw the entry."}
        )
    late = is_late_for(today, current.expected_on)
    if late and not late_reason.strip():
        days = (current.expected_on - today).days
        raise ValidationError(
            {
                "late_reason": f"Published today the entry gives {days} days' notice of a decision expected on "
                f"{current.expected_on:%-d %B %Y}, fewer than 28: give the reason it is late; the public sees it."
            }
        )
    current.published_at = now
    current.late_reason = late_reason if late else ""
    _save(current, user, "Published late" if late else "Published")
    entry.refresh_from_db()
    return current


@transaction.atomic
def withdraw_entry(*, entry: ForwardPlanEntry, user, reason: str, now: datetime | None = None):
    """The decision is no longer expected: a published entry shows the reason to the public; a draft never did."""
    current = _locked(entry)
    if not permissions.can_withdraw_forward_plan_entry(user, current):
        raise TransitionError("Only the board secretary withdraws an entry that is not already withdrawn.")
    if not reason.strip():
        raise ValidationError({"withdrawal_reason": "Say why the decision is no longer expected."})
    current.withdrawn_at = now or timezone.now()
    current.withdrawal_reason = reason.strip()
    # Only the withdrawal is saved: an entry whose meeting was cancelled or moved can always be withdrawn.
    current._history_user = user
    current._change_reason = "Withdrawn"
    current.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
    entry.refresh_from_db()
    return current


def follow_meeting(sender, instance: Meeting, **kwargs) -> None:
    """A meeting's date is its entries' expected date: when the meeting moves, so do they (recorded in history).

    An entry the move makes late shows the Late flag; the staff add the reason when they next edit it.
    """
    update_fields = kwargs.get("update_fields")
    if kwargs.get("raw") or (update_fields is not None and "starts_at" not in update_fields):
        return
    day = instance.date
    for entry in ForwardPlanEntry.objects.filter(meeting=instance, withdrawn_at__isnull=True).exclude(expected_on=day):
        entry.expected_on = day
        entry._change_reason = f"The meeting moved to {day:%-d %B %Y}"
        entry.save(update_fields=["expected_on", "updated_at"])
