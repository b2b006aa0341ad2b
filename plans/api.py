"""Priority actions with their published RAG history, as open data and CSV."""

from collections import defaultdict

from django.http import Http404

from pcp_portal.api import csv_response, paginated

from .models import RAG, Assessment, Direction, Plan


def _plan():
    plan = Plan.objects.in_force().first()
    if plan is None:
        raise Http404
    return plan


def _history(plan) -> dict[int, list[dict]]:
    """Every published assessment, per action, oldest first, with its derived direction."""
    history: dict[int, list[dict]] = defaultdict(list)
    previous: dict[int, str] = {}
    assessments = (
        Assessment.objects.public().filter(period__plan=plan).select_related("period").order_by("period__starts_on")
    )
    for a in assessments:
        history[a.action_id].append(
            {
                "period": a.period.label,
                "period_start": a.period.starts_on.isoformat(),
                "period_end": a.period.ends_on.isoformat(),
                "status": RAG(a.status).label,
                "direction": Direction.between(previous.get(a.action_id), a.status),
                "commentary": a.commentary,
            }
        )
        previous[a.action_id] = a.status
    return history


def priority_actions(request):
    plan = _plan()
    history = _history(plan)

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
            "sources": [{"url": request.build_absolute_uri(action.get_absolute_url())}],
        }

    actions = plan.priority_actions.select_related("theme").order_by("theme__position", "code")
    return paginated(request, actions, serialize)


def rag_history_csv(request):
    plan = _plan()
    history = _history(plan)
    actions = plan.priority_actions.select_related("theme").order_by("theme__position", "code")
    rows = (
        [action.code, action.theme.name, action.text, h["period"], h["status"], h["direction"] or "", h["commentary"]]
        for action in actions
        for h in history.get(action.pk, [])
    )
    return csv_response(
        "rag-history.csv", ["code", "theme", "action", "period", "status", "direction", "commentary"], rows
    )
