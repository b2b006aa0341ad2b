from datetime import date
from itertools import islice

from plans.models import Plan, PriorityAction, ReportingPeriod, Theme
from plans.services import _quarters


def make_plan(actions_per_theme: int = 3, periods: int = 4) -> Plan:
    """A plan in force with four themes, `actions_per_theme` actions each, and quarterly periods."""
    plan = Plan.objects.create(
        title="Police and Crime Plan 2024-28",
        period_start=date(2024, 4, 1),
        period_end=date(2034, 3, 31),
        status=Plan.Status.IN_FORCE,
    )
    for position, name in enumerate(["Victims", "Offenders", "Communities", "Transformation"]):
        theme = Theme.objects.create(plan=plan, name=name, position=position, aim=f"The {name} aim.")
        PriorityAction.objects.bulk_create(
            PriorityAction(plan=plan, theme=theme, code=f"{name[0]}{n}", text=f"{name} action {n}", lead="Lead")
            for n in range(1, actions_per_theme + 1)
        )
    for label, start, end in islice(_quarters(plan), periods):
        ReportingPeriod.objects.create(plan=plan, label=label, starts_on=start, ends_on=end)
    return plan
