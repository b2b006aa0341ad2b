"""Registers of interests: kept by the secretary, updated by each holder while in office.

Every change is one function: it checks the user's right, claims the entry's
version (two people saving from the same version cannot both succeed), saves
in a transaction, and leaves a history record with who, when and why
(`history_user`, `history_change_reason`). A change by the holder or the
secretary counts as a review: the entry is true as of now.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from boards.services.errors import TransitionError
from pcp_portal.mail import subject_line
from pcp_portal.roles import Role
from pcp_portal.versions import claim_version

from .. import permissions
from ..models import Interest, InterestRegister

__all__ = [
    "TransitionError",
    "add_interest",
    "confirm_interest",
    "create_register",
    "edit_interest",
    "end_interest",
    "send_due_reminders",
    "update_register",
]

REGISTER_FIELDS = ("capacity", "holds_office_from", "holds_office_to", "published", "staff_note")
INTEREST_FIELDS = ("category", "description", "from_date", "to_date")


def _save(obj, user, reason: str, fields: list[str]) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save(update_fields=fields)


@transaction.atomic
def create_register(*, user, person, capacity: str, holds_office_from: date, **fields) -> InterestRegister:
    if not permissions.can_manage_registers(user):
        raise TransitionError("Only the board secretary opens a register of interests.")
    if InterestRegister.objects.filter(person=person).exists():
        raise TransitionError(f"{person} already has a register of interests.")
    register = InterestRegister(person=person, capacity=capacity, holds_office_from=holds_office_from, **fields)
    register._history_user = user
    register._change_reason = "Register opened"
    register.save()
    return register


@transaction.atomic
def update_register(*, user, register: InterestRegister, expected_version: int, **changes) -> InterestRegister:
    if not permissions.can_manage_registers(user):
        raise TransitionError("Only the board secretary changes a register's holder, dates and publication.")
    claim_version(register, expected_version)
    for name in REGISTER_FIELDS:
        if name in changes:
            setattr(register, name, changes[name])
    _save(register, user, "Register details changed", [*REGISTER_FIELDS, "version"])
    return register


@transaction.atomic
def add_interest(*, user, register: InterestRegister, category: str, description: str, from_date: date, to_date=None):
    if not permissions.can_edit_register(user, register):
        raise TransitionError("You cannot change this register of interests.")
    interest = Interest(
        register=register,
        category=category,
        description=description,
        from_date=from_date,
        to_date=to_date,
        reviewed_at=timezone.now(),
    )
    interest._history_user = user
    interest._change_reason = "Entry added"
    interest.save()
    return interest


def _locked(interest: Interest) -> Interest:
    return Interest.objects.select_for_update().select_related("register__person").get(pk=interest.pk)


def _editable(user, interest: Interest, expected_version: int) -> Interest:
    current = _locked(interest)
    if not permissions.can_edit_interest(user, current):
        raise TransitionError("You cannot change this register of interests.")
    claim_version(current, expected_version)
    return current


@transaction.atomic
def edit_interest(*, user, interest: Interest, expected_version: int, **changes) -> Interest:
    current = _editable(user, interest, expected_version)
    for name in INTEREST_FIELDS:
        if name in changes:
            setattr(current, name, changes[name])
    current.reviewed_at = timezone.now()
    _save(current, user, "Entry changed", [*INTEREST_FIELDS, "reviewed_at", "version", "updated_at"])
    return current


@transaction.atomic
def end_interest(*, user, interest: Interest, expected_version: int, on: date) -> Interest:
    """The interest ended on `on`: it moves to the ended entries, with its dates."""
    current = _editable(user, interest, expected_version)
    if current.has_ended():
        raise TransitionError("This entry has already ended.")
    if on < current.from_date:
        raise TransitionError(f"An entry cannot end before it began ({current.from_date:%-d %B %Y}).")
    current.to_date = on
    current.reviewed_at = timezone.now()
    _save(current, user, f"Entry ended on {on:%-d %B %Y}", ["to_date", "reviewed_at", "version", "updated_at"])
    return current


@transaction.atomic
def confirm_interest(*, user, interest: Interest, expected_version: int) -> Interest:
    """The holder (or the secretary) says the entry is still true: reviewed now, and recorded."""
    current = _editable(user, interest, expected_version)
    current.reviewed_at = timezone.now()
    _save(current, user, "Confirmed as still true", ["reviewed_at", "version", "updated_at"])
    return current


# Reminders


def due_reminders(now: datetime | None = None):
    """Stale entries of holders still in office, not yet reminded since they were last reviewed."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return (
        Interest.objects.stale(now)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=F("reviewed_at")))
        .filter(Q(register__holds_office_to__isnull=True) | Q(register__holds_office_to__gte=today))
        .filter(register__holds_office_from__lte=today)
    )


def reminder_recipients(register: InterestRegister) -> list[str]:
    """The holder's login's address; without one, the secretaries', so the entry is still looked at."""
    user = register.person.user
    if user is not None and user.is_active and user.email:
        return [user.email]
    secretaries = get_user_model().objects.filter(groups__name=Role.SECRETARY.label, is_active=True)
    return sorted(set(secretaries.exclude(email="").values_list("email", flat=True)))


def send_due_reminders(now: datetime | None = None) -> int:
    """One e-mail per register with entries due a reminder; each entry is reminded once per staleness.

    Each register's entries are locked, mailed and marked in one transaction:
    a second run at the same time waits and then finds nothing due, and a
    failed send leaves the entries due for the next run. The number of e-mails sent.
    """
    now = now or timezone.now()
    by_register: dict[int, list[int]] = defaultdict(list)
    for register_id, pk in due_reminders(now).values_list("register_id", "pk"):
        by_register[register_id].append(pk)
    sent = 0
    for pks in by_register.values():
        with transaction.atomic():
            interests = list(
                due_reminders(now)
                .filter(pk__in=pks)
                .select_for_update(of=("self",))
                .select_related("register__person__user")
                .order_by("category", "from_date", "pk")
            )
            if not interests:
                continue
            register = interests[0].register
            recipients = reminder_recipients(register)
            if not recipients:
                continue
            context = {
                "register": register,
                "interests": interests,
                "link": settings.SITE_URL.rstrip("/") + register.get_staff_url(),
                "to_holder": recipients == [getattr(register.person.user, "email", None)],
            }
            subject = subject_line(render_to_string("transparency/email/register_reminder_subject.txt", context))
            body = render_to_string("transparency/email/register_reminder.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
            Interest.objects.filter(pk__in=[i.pk for i in interests]).update(reminded_at=now)
            sent += 1
    return sent
