"""Priority actions with their published RAG history, as open data and CSV."""

from collections import defaultdict

from django.http import Http404

from pcp_portal.api import paginated
from pcp_portal.exports import stored_csv
from pcp_portal.links import absolute
from pcp_portal.spreadsheet import csv_text

from .models import RAG, Assessment, Direction, Plan, ReportingPeriod
from .reports import comparisons, previous_status


def _plan():
    plan = Plan.objects.in_force().first()
    if plan is None:
        raise Http404
    return plan


def _history(plan, actions=None) -> dict[int, list[dict]]:
    """Every published assessment, per action (of `actions`, or of the plan), oldest first, with the direction
    its delivery report gave it (`reports.previous_status`). Read as plain rows: a ten-year plan has thousands
    of assessments."""
    history: dict[int, list[dict]] = defaultdict(list)
    assessed: dict[int, list[tuple[int, str]]] = defaultdict(list)
    periods = (
        ReportingPeriod.objects.published()
        .filter(plan=plan)
        .only("plan_id", "label", "starts_on", "ends_on", "report_published_at")
        .in_bulk()
    )
    compared = comparisons(periods.values())
    shown = {
        pk: {"period": p.label, "period_start": p.starts_on.isoformat(), "period_end": p.ends_on.isoformat()}
        for pk, p in periods.items()
    }
    # Of the periods read above: one published meanwhile waits for the next request.
    assessments = Assessment.objects.public().filter(period__in=list(periods))
    if actions is not None:
        assessments = assessments.filter(action__in=actions)
    labels = {value: label for value, label in RAG.choices}
    rows = assessments.order_by("period__starts_on").values_list("action_id", "period_id", "status", "commentary")
    for action_id, period_id, status, commentary in rows:
        previous = previous_status(compared[period_id], assessed[action_id])
        history[action_id].append(
            {
                **shown[period_id],
                "status": labels[status],
                "direction": Direction.between(previous, status),
                "commentary": commentary,
            }
        )
        assessed[action_id].append((period_id, status))
    return history


def priority_actions(request):
    plan = _plan()
    history: dict[int, list[dict]] = {}

    def prepare(page: list) -> None:
        history.update(_history(plan, [action.pk for action in page]))

    def serialize(action) -> dict:
        return {
            "id": f"priority-action/{action.code}",
            "code": action.code,
            "text": action.text,
            "theme": action.theme.name,
            "lead": action.lead,
            "partners": action.partners,
            "withdrawn_on": action.withdrawn_on and action.withdrawn_on.isoformat(),
            "rag_history": history.get(action.pk, []),
            "sources": [{"url": absolute(request, action.get_absolute_url())}],
        }

    actions = plan.priority_actions.select_related("theme").order_by("theme__position", "code")
    return paginated(request, actions, serialize, prepare)


def rag_history_csv(request):
    """Every published status of the plan in force, kept written between public changes (`pcp_portal.exports`)."""
    plan = _plan()
    return stored_csv(request, f"rag-history:{plan.pk}", "rag-history.csv", lambda: _rag_history_text(plan))


def _rag_history_text(plan) -> str:
    history = _history(plan)
    actions = plan.priority_actions.select_related("theme").order_by("theme__position", "code")
    rows = (
        [action.code, action.theme.name, action.text, h["period"], h["status"], h["direction"] or "", h["commentary"]]
        for action in actions
        for h in history.get(action.pk, [])
    )
    return csv_text(["code", "theme", "action", "period", "status", "direction", "commentary"], rows)
