"""The leak test's forward plan: every object in every state, a marker in every field (see leak_world)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from boards.models import Decision, Meeting, Person
from transparency.models import DecisionNotice, Marking, ReferenceCounter
from transparency.services import forward_plan as services
from transparency.services.references import next_number

if TYPE_CHECKING:
    from .leak_world import Builder


def add(b: Builder) -> None:
    """Add this app's objects to the world, each marker registered with the audience that may read it."""
    from .leak_world import OFFICE, PUBLIC

    today = timezone.localdate()
    maker = Person.objects.create(name="Morgan Hale", initials="MH", post_title="Police and Crime Commissioner")

    def entry(label: str, audience: str, *, text_audience: str | None = None, publish=False, late=False, **fields):
        """An entry whose subject is for `audience` and whose other text is for `text_audience` (the same unless
        withdrawal hides it); the staff note is the office's whatever happens."""
        m = lambda what, aud=None: b.m(aud or text_audience or audience, f"{what} of the forward plan entry “{label}”")  # noqa: E731
        fields.setdefault("decision_maker", None if fields.get("board") else maker)
        fields.setdefault("expected_on", today + timedelta(days=10 if late else 60))
        created = services.create_entry(
            user=b.secretary,
            subject=f"{label} {m('subject', audience)}",
            description=f"About {m('description')}",
            private=True,
            private_reason=f"Commercial {m('reason in private')}",
            contact_officer=b.officer,
            staff_note=f"Note {m('staff note', OFFICE)}",
            **fields,
        )
        if publish:
            reason = f"Urgent {m('reason for late entry')}" if late else ""
            services.publish_entry(entry=created, user=b.secretary, late_reason=reason)
        return created

    entry("Draft Entry", OFFICE)
    entry("Published Entry", PUBLIC, publish=True)
    entry("Late Entry", PUBLIC, publish=True, late=True)

    never = entry("Dropped Draft", OFFICE)
    services.withdraw_entry(entry=never, user=b.secretary, reason=f"Dropped {b.m(OFFICE, 'withdrawal of a draft')}")
    pulled = entry("Pulled Entry", PUBLIC, text_audience=OFFICE, publish=True, late=True)
    services.withdraw_entry(
        entry=pulled, user=b.secretary, reason=f"Pulled {b.m(PUBLIC, 'withdrawal of a published forward plan entry')}"
    )

    # Linked to a notice not yet published: the entry stays on the plan, and nothing of the notice shows.
    year = today.year
    hidden = DecisionNotice.objects.create(
        reference_year=year,
        reference_number=next_number(ReferenceCounter.Series.NOTICE, year),
        title=f"Unsigned {b.m(OFFICE, 'title of a draft decision notice linked from the forward plan')}",
        decision="To be decided.",
        decision_maker=maker,
    )
    entry("Awaiting Notice", PUBLIC, publish=True, notice=hidden)

    # Linked to a published OFFICIAL-SENSITIVE notice: the entry leaves the plan, and nothing of the notice shows.
    sensitive = DecisionNotice.objects.filter(
        status=DecisionNotice.Status.PUBLISHED, marking=Marking.OFFICIAL_SENSITIVE
    ).first()
    assert sensitive is not None, "the world has a published OFFICIAL-SENSITIVE notice"
    entry("Sensitively Decided", PUBLIC, publish=True, decision_maker=sensitive.decision_maker, notice=sensitive)

    # Linked to a board decision the chair has not confirmed, and to one that is public.
    board_a = b.board_a
    unconfirmed = Decision.objects.filter(recommendation__paper__board=board_a, confirmed_at__isnull=True).first()
    assert unconfirmed is not None, "the world has an unconfirmed decision of board A"
    entry("Awaiting Confirmation", PUBLIC, publish=True, board=board_a, board_decision=unconfirmed)
    public = Decision.objects.public().filter(recommendation__paper__board=board_a).first()
    entry("Decided Entry", PUBLIC, publish=True, board=board_a, board_decision=public)

    # At a meeting whose agenda is not public yet: the date shows, the meeting's page is not linked.
    upcoming = Meeting.objects.upcoming().filter(board=board_a, agenda_published_at__isnull=True).first()
    entry("At A Meeting", PUBLIC, publish=True, board=board_a, meeting=upcoming, expected_on=None)
