"""Members' positions, the board's decisions, and decisions in writing."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from .. import notifications, permissions
from ..models import Decision, Membership, Paper, Position, Recommendation, WrittenProcedure
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


@transaction.atomic
def record_decision(*, recommendation: Recommendation, user, outcome: str, amended_text: str = "") -> Decision:
    """The board's outcome, recorded once its meeting has begun or its written procedure has closed."""
    recommendation = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("paper__agenda_item__meeting", "paper__board")
        .get(pk=recommendation.pk)
    )
    paper = recommendation.paper
    problem = permissions.decision_problem(user, paper)
    if problem:
        raise TransitionError(problem)
    meeting, procedure = permissions.decision_forum(paper)
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
    for chair in _confirmers(paper, meeting):
        notifications.decisions_to_confirm(paper, chair)
    return decision


def _confirmers(paper: Paper, meeting) -> list:
    """Who will confirm: the person who chaired the meeting; in writing, the board's current chairs; only those
    whose login may open the paper now (a chair whose membership has ended is not sent its title)."""
    if meeting is not None:
        users = [meeting.chaired_by.user] if meeting.chaired_by_id and meeting.chaired_by.user_id else []
    else:
        chairs = Membership.objects.current().filter(
            board=paper.board, role=Membership.Role.CHAIR, person__user__isnull=False
        )
        users = [membership.person.user for membership in chairs.select_related("person__user")]
    return [user for user in users if permissions.visible_papers(user).filter(pk=paper.pk).exists()]


@transaction.atomic
def confirm_decision(*, decision: Decision, user) -> Decision:
    """The chair's confirmation, which makes the decision public; never before the board could have decided."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("recommendation__paper__board", "meeting__chaired_by", "written_procedure")
        .get(pk=decision.pk)
    )
    problem = permissions.confirm_problem(user, decision)
    if problem:
        raise TransitionError(problem)
    decision.confirmed_by = user
    decision.confirmed_at = timezone.now()
    decision.save(update_fields=["confirmed_by", "confirmed_at"])
    return decision


@transaction.atomic
def circulate_written_procedure(*, paper: Paper, user, closes_on: date) -> WrittenProcedure:
    """Circulate a paper to the board's members for a decision outside a meeting."""
    if not permissions.can_circulate_paper(user, paper):
        raise TransitionError("Only the board secretary circulates a cleared or published paper for decision.")
    paper = Paper.objects.select_for_update().get(pk=paper.pk)  # two secretaries at once circulate it once
    problem = permissions.circulation_problem(paper)
    if problem:
        raise TransitionError(problem)
    if closes_on <= timezone.localdate():
        raise TransitionError("The closing date must be after today.")
    procedure = WrittenProcedure.objects.create(paper=paper, closes_on=closes_on, circulated_by=user)
    transaction.on_commit(lambda: notifications.written_procedure_circulated(procedure))
    return procedure
