"""The leak test's registers: every object in every state, a marker in every field (see leak_world).

Member A of board A holds a register that is not yet published: its entries are theirs to read in the workspace
(registered for the members of A, the audience the crawl as member A stands for) and nobody else's outside the
office. Former member A holds a published register as a former holder: its entries are public, its staff note
is not, and their login changes nothing. Staff notes are the office's alone, on every register and gift.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from transparency.models import Gift, Interest, InterestRegister
from transparency.services import gifts as gift_services
from transparency.services import registers as register_services

from .factories import PersonFactory

if TYPE_CHECKING:
    from .leak_world import Builder

C = Interest.Category
CAPACITY = InterestRegister.Capacity


def _register(b: Builder, person, label: str, audience: str, *, capacity, published=True, **dates):
    from .leak_world import OFFICE

    m = lambda what: b.m(audience, f"{what} of {label}")  # noqa: E731
    register = register_services.create_register(
        user=b.secretary,
        person=person,
        capacity=capacity,
        holds_office_from=dates.pop("holds_office_from", date(2020, 1, 1)),
        published=published,
        staff_note=f"Chased twice. {b.m(OFFICE, f'staff note on {label}')}",
        **dates,
    )
    today = timezone.localdate()
    user = person.user if person.user and register.is_current() else b.secretary
    register_services.add_interest(
        user=user,
        register=register,
        category=C.EMPLOYMENT,
        description=f"Director {m('current interest')}",
        from_date=date(2019, 4, 1),
    )
    ended = register_services.add_interest(
        user=user,
        register=register,
        category=C.LAND,
        description=f"Flat {m('ended interest')}",
        from_date=date(2018, 4, 1),
    )
    register_services.end_interest(user=user, interest=ended, expected_version=ended.version, on=today - timedelta(30))
    return register


def add(b: Builder) -> None:
    """Add this app's objects to the world, each marker registered with the audience that may read it."""
    from .leak_world import BOARD_A, OFFICE, PUBLIC

    today = timezone.localdate()
    commissioner = PersonFactory(name="Cara Commissioner", initials="CC", post_title="Police and Crime Commissioner")
    _register(b, commissioner, "the Commissioner's register", PUBLIC, capacity=CAPACITY.COMMISSIONER)
    _register(
        b,
        b.former_a.person,
        "a former holder's register",
        PUBLIC,
        capacity=CAPACITY.INDEPENDENT_MEMBER,
        holds_office_to=today - timedelta(days=1),
    )
    _register(
        b,
        PersonFactory(name="Una Prepared", initials="UP"),
        "an unpublished register",
        OFFICE,
        capacity=CAPACITY.DEPUTY,
        published=False,
    )
    _register(
        b,
        PersonFactory(name="Nell Incoming", initials="NI"),
        "a published register whose holder starts tomorrow",
        OFFICE,
        capacity=CAPACITY.DEPUTY,
        holds_office_from=today + timedelta(days=1),
    )
    _register(
        b,
        b.member_a.person,
        "member A's unpublished register",
        BOARD_A,
        capacity=CAPACITY.INDEPENDENT_MEMBER,
        published=False,
    )

    for offered_on, outcome in ((date(2025, 11, 3), Gift.Outcome.ACCEPTED), (date(2026, 2, 9), Gift.Outcome.DECLINED)):
        label = f"the {outcome} gift {offered_on:%Y}"
        m = lambda what, label=label: b.m(PUBLIC, f"{what} of {label}")  # noqa: E731
        commissioner.post_title = f"Commissioner {m('recipient post')}"
        commissioner.save(update_fields=["post_title"])
        gift_services.record_gift(
            user=b.secretary,
            offered_on=min(offered_on, today),
            recipient=commissioner,
            description=f"Dinner {m('what was offered')}",
            offered_by=f"Supplier {m('who offered it')}",
            value=Decimal("45.00"),
            outcome=outcome,
            reason=f"Because {m('reason')}",
            staff_note=f"Returned {b.m(OFFICE, f'staff note on {label}')}",
        )
    commissioner.post_title = "Police and Crime Commissioner"
    commissioner.save(update_fields=["post_title"])
