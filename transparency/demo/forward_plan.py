"""The demo's forward plan: entries published in time and late, one expected in private, one whose decision
notice is published (when the notices demo has one), and a draft. Safe to run again: an entry whose subject
exists is left as it is, with whatever people did to it since."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from boards.models import Board, Meeting, Person

from ..models import DecisionNotice, ForwardPlanEntry
from ..services import forward_plan as services


def _person(name: str, fallback: Person) -> Person:
    return Person.objects.filter(name=name).order_by("pk").first() or fallback


def _morning(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 30)))


def _entry(secretary, subject: str, *, published_on=None, late_reason: str = "", **fields) -> None:
    if ForwardPlanEntry.objects.filter(subject=subject).exists():
        return
    entry = services.create_entry(user=secretary, subject=subject, **fields)
    if published_on is not None:
        services.publish_entry(entry=entry, user=secretary, late_reason=late_reason, now=_morning(published_on))


def seed(people: dict[str, Person]) -> None:
    """people: "commissioner", "deputy", "cfo", "monitoring"; find the boards demo's people by name."""
    secretary = get_user_model().objects.get(username="secretary")
    today = timezone.localdate()
    commissioner, deputy = people["commissioner"], people["deputy"]
    commissioning = _person("Dana Greaves", people["cfo"])
    estates = _person("Tom Heathcote", people["cfo"])

    _entry(
        secretary,
        "Disposal of the former Castle Street police station",
        description="Whether to sell the former Castle Street police station, empty since the Constabulary moved "
        "to the Northshire Justice Centre, and how the receipt is used in the capital programme.",
        decision_maker=commissioner,
        expected_on=today + timedelta(days=45),
        contact_officer=estates,
        staff_note="Valuation report due from the agents at the end of the month.",
        published_on=today - timedelta(days=5),
    )
    _entry(
        secretary,
        "Award of the integrated victim and witness service contract",
        description="Award of the contract for the integrated victim and witness service from 1 April, after the "
        "open procurement.",
        decision_maker=commissioner,
        expected_on=today + timedelta(days=14),
        contact_officer=commissioning,
        late_reason="The Ministry of Justice confirmed the grant for next year only this month, and the contract "
        "must be awarded in time for the service to start on 1 April.",
        published_on=today - timedelta(days=6),
    )
    _entry(
        secretary,
        "Extension of the custody healthcare contract",
        description="A twelve-month extension of the contract for healthcare in the Constabulary's custody suites.",
        decision_maker=deputy,
        expected_on=today + timedelta(days=60),
        private=True,
        private_reason="The report sets out the provider's prices and the terms offered: commercially sensitive "
        "information (Local Government Act 1972, Schedule 12A, paragraph 3).",
        contact_officer=commissioning,
        published_on=today - timedelta(days=2),
    )

    # The decision notice the notices demo published, if it has one: its entry has left the plan for it.
    notice = (
        DecisionNotice.objects.public()
        .filter(decision_maker__in=[commissioner, deputy], published_at__isnull=False)
        .order_by("published_at")
        .first()
    )
    if notice is not None:
        decided_on = timezone.localdate(notice.signed_at or notice.published_at)
        _entry(
            secretary,
            notice.title,
            description="The decision is published: see the decision notice.",
            decision_maker=notice.decision_maker,
            expected_on=decided_on,
            contact_officer=people["cfo"],
            notice=notice,
            published_on=decided_on - timedelta(days=35),
        )

    board = Board.objects.filter(slug="bcb").first()
    meeting = Meeting.objects.upcoming().filter(board=board).order_by("starts_at").first() if board else None
    if board is not None:
        _entry(
            secretary,
            "Medium-term financial plan and the precept proposal",
            description="The Board's endorsement of the medium-term financial plan and the precept to propose to "
            "the Police and Crime Panel.",
            board=board,
            meeting=meeting,
            expected_on=None if meeting else today + timedelta(days=70),
            contact_officer=people["cfo"],
            staff_note="Draft: publish once the Panel's meeting date is confirmed.",
        )
