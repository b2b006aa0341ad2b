"""Members' positions and the board's decisions, on the paper's workspace page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from .. import permissions, services, tally
from ..forms_meetings import CirculateForm, DecisionForm, PositionForm
from ..models import Decision, Paper
from .access import get_paper_for_user, workspace_required


def recommendation_rows(user, paper: Paper) -> list[dict]:
    """Per recommendation: the positions, the decision, and what `user` may do."""
    recommendations = list(
        paper.recommendations.select_related("decision__confirmed_by", "decision__recorded_by").prefetch_related(
            "positions__member"
        )
    )
    person = permissions.member_person(user, paper.board)
    see_all = permissions.can_see_positions(user, paper)
    may_decide = not permissions.decision_problem(user, paper)
    chairs = permissions.is_chair_of(user, paper.board)
    member_ids = tally.position_holder_ids(paper.board, tally.counting_day(paper))
    rows = []
    for rec in recommendations:
        decision = getattr(rec, "decision", None)
        positions = list(rec.positions.all())
        mine = next((p for p in positions if person and p.member_id == person.pk), None)
        rows.append(
            {
                "recommendation": rec,
                "decision": decision,
                "positions": positions if see_all else [],
                "tally": tally.tally(positions, member_ids),
                "see_positions": see_all,
                "my_position": mine,
                "position_form": (
                    PositionForm(
                        initial={"stance": mine.stance, "comment": mine.comment} if mine else None,
                        prefix=f"rec{rec.pk}",
                    )
                    if permissions.can_record_position(user, rec)
                    else None
                ),
                "decision_form": (
                    DecisionForm(recommendation=rec, prefix=f"dec{rec.pk}")
                    if may_decide and not (decision and decision.is_confirmed)
                    else None
                ),
                "can_confirm": decision is not None and permissions.can_confirm_decision(user, decision),
                "confirm_waits": (
                    permissions.decision_timing_problem(decision.meeting, decision.written_procedure)
                    if chairs and decision is not None and not decision.is_confirmed
                    else ""
                ),
            }
        )
    return rows


def decision_waits(user, paper: Paper) -> str:
    """For the secretary: why the board's decisions on `paper` cannot be recorded yet, if so."""
    if not permissions.can_record_decision(user, paper):
        return ""
    return permissions.decision_problem(user, paper)


def _back(paper: Paper):
    return redirect(paper.get_staff_url() + "#decisions-heading")


@require_POST
@workspace_required
def position_record(request, pk: int, rec_pk: int):
    paper = get_paper_for_user(request, pk)
    if permissions.member_person(request.user, paper.board) is None:
        raise PermissionDenied("Only members of the board record positions.")
    recommendation = get_object_or_404(paper.recommendations, pk=rec_pk)
    form = PositionForm(request.POST, prefix=f"rec{rec_pk}")
    if not form.is_valid():
        messages.error(request, "Choose support, object or abstain.")
        return _back(paper)
    try:
        services.record_position(recommendation=recommendation, user=request.user, **form.cleaned_data)
    except services.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your position is recorded. You can change it until the board decides.")
    return _back(paper)


@require_POST
@workspace_required
def decision_record(request, pk: int, rec_pk: int):
    paper = get_paper_for_user(request, pk, permissions.can_record_decision)
    recommendation = get_object_or_404(paper.recommendations, pk=rec_pk)
    form = DecisionForm(request.POST, recommendation=recommendation, prefix=f"dec{rec_pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _back(paper)
    try:
        decision = services.record_decision(recommendation=recommendation, user=request.user, **form.cleaned_data)
    except services.TransitionError as error:
        messages.error(request, str(error))
    else:
        problem = permissions.unconfirmable(decision)
        if problem:
            messages.warning(request, f"Decision recorded, but nobody can confirm it yet: {problem}")
        else:
            messages.success(request, "Decision recorded; the chair confirms it.")
    return _back(paper)


@require_POST
@workspace_required
def decision_confirm(request, pk: int, rec_pk: int):
    paper = get_paper_for_user(request, pk)
    if not (permissions.is_chair_of(request.user, paper.board) or permissions.chaired(request.user, paper.meeting)):
        raise PermissionDenied("Only the chair of the meeting confirms its decisions.")
    decision = get_object_or_404(Decision, recommendation__paper=paper, recommendation__pk=rec_pk)
    try:
        services.confirm_decision(decision=decision, user=request.user)
    except services.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Decision confirmed.")
    return _back(paper)


@require_POST
@workspace_required
def paper_circulate(request, pk: int):
    paper = get_paper_for_user(request, pk, permissions.can_circulate_paper)
    form = CirculateForm(request.POST)
    if not form.is_valid():
        # Why the paper cannot be circulated at all comes before any fault of the date typed.
        messages.error(request, permissions.circulation_problem(paper) or " ".join(form.errors["closes_on"]))
        return _back(paper)
    try:
        procedure = services.circulate_written_procedure(
            paper=paper, user=request.user, closes_on=form.cleaned_data["closes_on"]
        )
    except services.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Circulated to the members for decision by {procedure.closes_on:%-d %B %Y}.")
    return _back(paper)
