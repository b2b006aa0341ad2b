"""Members' positions, the board's decisions, and decisions in writing."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from .. import notifications, permissions, search
from ..models import Decision, Paper, Position, Recommendation, WrittenProcedure
from .errors import TransitionError

Outcome = Decision.Outcome


@transaction.atomic
def record_position(*, recommendation: Recommendation, user, stance: str, comment: str = "") -> Position:
    """A member's position; they may change it until the board's decision is recorded."""
    recommendation = (
        Recommendation.objects.select_for_update(of=("self",)).select_related("paper__board").get(pk=recommendation.pk)
    )
    person = permissions.member_person(user, recommendation.paper.board)
    if person is None:
        raise TransitionError(f"Only members of the {recommendation.paper.board} can record a position.")
    if not permissions.can_record_position(user, recommendation):
        if Decision.objects.filter(recommendation=recommendation).exists():
            raise TransitionError("The board's decision on this recommendation is recorded; positions are closed.")
        raise TransitionError("Positions are closed: the paper is on no agenda, or its closing date has passed.")
    if stance not in Position.Stance.values:
        raise TransitionError("Choose support, object or abstain.")
    position, _ = Position.objects.update_or_create(
        recommendation=recommendation, member=person, defaults={"stance": stance, "comment": comment.strip()}
    )
    return position


def _decision_forum(paper: Paper):
    """The meeting or open written procedure at which the board decides on `paper`."""
    if paper.agenda_item_id and not paper.agenda_item.meeting.is_cancelled:
        return paper.agenda_item.meeting, None
    procedure = paper.written_procedures.order_by("-circulated_at").first()
    if procedure is not None:
        return None, procedure
    return None, None


@transaction.atomic
def record_decision(*, recommendation: Recommendation, user, outcome: str, amended_text: str = "") -> Decision:
    recommendation = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("paper__agenda_item__meeting", "paper__board")
        .get(pk=recommendation.pk)
    )
    paper = recommendation.paper
    if not permissions.can_record_decision(user, paper):
        raise TransitionError("Only the board secretary records the board's decisions.")
    meeting, procedure = _decision_forum(paper)
    if meeting is None and procedure is None:
        raise TransitionError(
            "The paper is on no meeting's agenda and has not been circulated for a decision in writing."
        )
    if outcome not in Outcome.values:
        raise TransitionError("Choose the board's decision.")
    if outcome == Outcome.AMENDED and not amended_text.strip():
        raise TransitionError("Give the wording the board agreed.")
    existing = Decision.objects.filter(recommendation=recommendation).first()
    if existing and existing.is_confirmed:
        raise TransitionError("The chair has confirmed this decision; it cannot be changed.")
    decision, _ = Decision.objects.update_or_create(
        recommendation=recommendation,
        defaults={
            "outcome": outcome,
            "amended_text": amended_text.strip() if outcome == Outcome.AMENDED else "",
            "meeting": meeting,
            "written_procedure": procedure,
            "recorded_by": user,
        },
    )
    return decision


def _confirmer_refusal(decision: Decision) -> str:
    if decision.meeting_id is None:
        return f"Only the chair of the {decision.recommendation.paper.board} confirms its decisions in writing."
    chair = decision.meeting.chaired_by
    if chair is None:
        return (
            "Only the chair of the meeting confirms its decisions, and nobody is recorded as chairing it: "
            "the secretary records who chaired on the meeting's page."
        )
    return f"Only the chair of the meeting, {chair}, confirms the decisions taken at it, with their own login."


@transaction.atomic
def confirm_decision(*, decision: Decision, user) -> Decision:
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("recommendation__paper__board", "meeting__chaired_by")
        .get(pk=decision.pk)
    )
    if not permissions.can_confirm_decision(user, decision):
        raise TransitionError(_confirmer_refusal(decision))
    if decision.is_confirmed:
        raise TransitionError("The decision is already confirmed.")
    decision.confirmed_by = user
    decision.confirmed_at = timezone.now()
    decision.save(update_fields=["confirmed_by", "confirmed_at"])
    search.update_decision(decision)
    return decision


@transaction.atomic
def circulate_written_procedure(*, paper: Paper, user, closes_on: date) -> WrittenProcedure:
    """Circulate a paper to the board's members for a decision outside a meeting."""
    if not permissions.can_circulate_paper(user, paper):
        raise TransitionError("Only the board secretary circulates a cleared or published paper for decision.")
    if closes_on <= timezone.localdate():
        raise TransitionError("The closing date must be after today.")
    procedure = WrittenProcedure.objects.create(paper=paper, closes_on=closes_on, circulated_by=user)
    transaction.on_commit(lambda: notifications.written_procedure_circulated(procedure))
    return procedure
