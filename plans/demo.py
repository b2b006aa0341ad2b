"""Demo delivery data: quarterly assessments of the fictional Northshire plan."""

from __future__ import annotations

import hashlib
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import services
from .models import RAG, Plan, PriorityAction, ReportingPeriod, Variation

STATUSES = ["G", "G", "A", "G", "R", "A", "G", "B"]
COMMENTARY = {
    "R": "Behind plan: court backlogs and staffing gaps are delaying delivery; recovery plan agreed with partners.",
    "A": "Some slippage against milestones; mitigations are in place and progress is monitored monthly.",
    "G": "On track: milestones for the quarter were met.",
    "B": "Delivered: the action is complete and has moved to business as usual.",
}


def _status(code: str, index: int) -> str:
    """A stable, varied status for each action and quarter, completing some over time."""
    seed = int(hashlib.sha256(f"{code}-{index}".encode()).hexdigest(), 16)
    status = STATUSES[seed % len(STATUSES)]
    return "G" if status == "B" and index < 3 else status


@transaction.atomic
def seed_delivery() -> None:
    User = get_user_model()
    secretary, author = User.objects.get(username="secretary"), User.objects.get(username="author")
    plan = Plan.objects.filter(title="Police and Crime Plan 2024-28").first()  # the demo's, whatever its status now
    if plan is None or plan.status != Plan.Status.IN_FORCE:
        return
    services.create_quarters(plan=plan, user=secretary)
    if not Variation.objects.filter(plan=plan).exists():
        services.record_variation(
            plan=plan,
            user=secretary,
            made_on=date(2025, 3, 11),
            summary="V1 reworded to cover the whole criminal justice pathway, as the Board approved.",
            changes=[
                {
                    "kind": "reworded",
                    "code": "V1",
                    "text": "Commission an integrated victim and witness "
                    "service covering the whole criminal justice pathway",
                }
            ],
        )
    today = timezone.localdate()
    finished = list(plan.periods.filter(ends_on__lt=today).order_by("starts_on"))[-6:]
    for index, period in enumerate(finished):
        if period.is_closed or period.assessments.exists():
            continue
        entries = []
        done = set(
            period.plan.periods.filter(starts_on__lt=period.starts_on)
            .filter(assessments__status=RAG.BLUE)
            .values_list("assessments__action_id", flat=True)
        )
        for action in PriorityAction.objects.filter(plan=plan).live():
            status = "B" if action.pk in done else _status(action.code, index)
            entries.append(
                {"action": action, "status": status, "commentary": COMMENTARY[status], "assessed_by": action.lead}
            )
        services.save_assessments(period=period, user=author, entries=entries)
        if index < len(finished) - 1:
            services.publish_report(period=ReportingPeriod.objects.get(pk=period.pk), user=secretary)
