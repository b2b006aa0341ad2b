"""The demo's registers: interests of the Commissioner, the deputy and two independent members, and a gifts and
hospitality register over two years. Safe to run again: a register, or the gifts register, once it has entries,
is left as people have kept it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from boards.models import Board, Membership, Person

from ..models import Gift, Interest, InterestRegister
from ..services.gifts import record_gift

C = Interest.Category
CAPACITY = InterestRegister.Capacity

#: Fictional independent members of the Business Coordination Board.
INDEPENDENT_MEMBERS = [
    ("Gwen Talbot", "GT", "Independent Member", "Business Coordination Board"),
    ("Marcus Reid", "MR", "Independent Member", "Business Coordination Board"),
]

#: person key -> (capacity, in office from, [(category, description, years ago it began (None: when they took
#: office), days since last review)]).
REGISTERS = {
    "commissioner": (
        CAPACITY.COMMISSIONER,
        date(2024, 5, 9),
        [
            (C.EMPLOYMENT, "Police and Crime Commissioner for Northshire (salaried).", None, 30),
            (C.OFFICE, "Trustee, Northshire Community Foundation (unpaid).", 6, 420),
            (C.LAND, "Home in Eastwick, Northshire (owner-occupied).", 12, 30),
            (C.MEMBERSHIP, "Member, Association of Police and Crime Commissioners.", 2, 120),
        ],
    ),
    "deputy": (
        CAPACITY.DEPUTY,
        date(2024, 6, 3),
        [
            (C.EMPLOYMENT, "Deputy Police and Crime Commissioner for Northshire (salaried).", None, 60),
            (C.BUSINESS, "Shareholding below £25,000 in Farrow Design Ltd, a family company.", 8, 500),
            (C.MEMBERSHIP, "Governor, Riverside Primary School, Northshire.", 4, 90),
        ],
    ),
    "Gwen Talbot": (
        CAPACITY.INDEPENDENT_MEMBER,
        date(2024, 5, 1),
        [
            (C.EMPLOYMENT, "Partner, Talbot and Hale Chartered Accountants, Northshire.", 9, 390),
            (C.OFFICE, "Non-executive director, Northshire Community Health NHS Trust.", 3, 200),
        ],
    ),
    "Marcus Reid": (
        CAPACITY.INDEPENDENT_MEMBER,
        date(2024, 5, 1),
        [
            (C.EMPLOYMENT, "Retired; formerly head of legal services, Northshire County Council.", 3, 45),
            (C.MEMBERSHIP, "Chair, Northshire Neighbourhood Watch Association.", 5, 380),
        ],
    ),
}

#: (days ago, recipient key, what, by whom, value, outcome, reason)
GIFTS = [
    (
        21,
        "commissioner",
        "Two tickets to the Northshire Business Awards dinner",
        "Northshire Chamber of Commerce",
        "180.00",
        Gift.Outcome.DECLINED,
        "The Commissioner was judging a category; attending as a guest could be seen to affect that.",
    ),
    (
        64,
        "deputy",
        "Lunch after speaking at the rural crime conference",
        "Northshire Farmers' Union",
        "25.00",
        Gift.Outcome.ACCEPTED,
        "Working lunch as a speaker at the conference.",
    ),
    (
        130,
        "cfo",
        "Place at a one-day treasury management seminar",
        "Ledgerline Bank plc",
        "450.00",
        Gift.Outcome.DECLINED,
        "The bank was bidding for the office's banking contract.",
    ),
    (
        205,
        "commissioner",
        "Framed print of Northshire Cathedral",
        "Northshire Cathedral Chapter",
        "40.00",
        Gift.Outcome.ACCEPTED,
        "Given at the opening of the cathedral's safe space; displayed in the office.",
    ),
    (
        290,
        "Dana Greaves",
        "Hamper at the end of a commissioned service's first year",
        "Safe Haven Northshire",
        "60.00",
        Gift.Outcome.DECLINED,
        "A provider the office commissions; returned with thanks.",
    ),
    (
        380,
        "deputy",
        "Dinner at the regional policing summit",
        "Regional Collaboration Board",
        "55.00",
        Gift.Outcome.ACCEPTED,
        "Part of the summit's programme, attended by every delegate.",
    ),
    (
        510,
        "commissioner",
        "Hospitality box at Northshire Rovers' cup match",
        "Northshire Rovers FC",
        "300.00",
        Gift.Outcome.DECLINED,
        "No business purpose.",
    ),
    (
        640,
        "cfo",
        "Coffee and sandwiches at the annual audit planning meeting",
        "Moorgate Audit LLP",
        "12.00",
        Gift.Outcome.ACCEPTED,
        "Refreshments at a working meeting, below the threshold.",
    ),
]


def _independent_members() -> dict[str, Person]:
    """The two independent members, as people with memberships of the BCB (no logins)."""
    bcb = Board.objects.filter(slug="bcb").first()
    people = {}
    for name, initials, post, organisation in INDEPENDENT_MEMBERS:
        person = Person.objects.filter(name=name).order_by("pk").first()
        if person is None:
            person = Person.objects.create(name=name, initials=initials, post_title=post, organisation=organisation)
        if bcb and not Membership.objects.filter(person=person, board=bcb).exists():
            Membership.objects.create(person=person, board=bcb, role=Membership.Role.MEMBER, starts_on=date(2024, 5, 1))
        people[name] = person
    return people


def _secretary():
    return get_user_model().objects.filter(username="secretary").first()


def _registers(people: dict[str, Person], secretary) -> None:
    now = timezone.now()
    today = timezone.localdate()
    for key, (capacity, since, entries) in REGISTERS.items():
        person = people[key]
        register = InterestRegister.objects.filter(person=person).first()
        if register is None:
            register = InterestRegister(person=person, capacity=capacity, holds_office_from=since)
            register._history_user = secretary
            register._change_reason = "Register opened"
            register.save()
        if register.interests.exists():
            continue
        for category, description, years, days_since_review in entries:
            reviewed_at = now - timedelta(days=days_since_review)
            interest = Interest(
                register=register,
                category=category,
                description=description,
                from_date=since if years is None else today.replace(year=today.year - years, day=1),
                reviewed_at=reviewed_at,
            )
            interest._history_user = secretary
            interest._change_reason = "Entry added"
            interest.save()
            # Entered when last reviewed: the public's "last updated" and the history agree with the review date.
            Interest.objects.filter(pk=interest.pk).update(updated_at=reviewed_at)
            interest.history.update(history_date=reviewed_at)


def _gifts(people: dict[str, Person], secretary) -> None:
    if secretary is None or Gift.objects.exists():
        return
    today = timezone.localdate()
    for days, key, description, offered_by, value, outcome, reason in reversed(GIFTS):
        recipient = people.get(key) or Person.objects.filter(name=key).order_by("pk").first()
        if recipient is None:
            continue
        record_gift(
            user=secretary,
            offered_on=today - timedelta(days=days),
            recipient=recipient,
            description=description,
            offered_by=offered_by,
            value=Decimal(value),
            outcome=outcome,
            reason=reason,
        )


def seed(people: dict[str, Person]) -> None:
    """people: "commissioner", "deputy", "cfo", "monitoring"; find the boards demo's people by name."""
    everyone = {**people, **_independent_members()}
    secretary = _secretary()
    _registers(everyone, secretary)
    _gifts(everyone, secretary)
