from pcp_portal.feeds import Entry

from . import reports
from .models import Plan, ReportingPeriod


def feed_entries(*, board=None, limit: int = 50) -> list[Entry]:
    """Delivery reports belong to no board: they appear in the feed of everything only."""
    if board is not None:
        return []
    periods = ReportingPeriod.objects.published().select_related("plan").order_by("-report_published_at")
    return [
        Entry(
            f"Delivery report {p.label}",
            p.get_absolute_url(),
            p.report_published_at,
            p.plan.title,
            "Delivery report",
            key=f"delivery-report/{p.pk}",
        )
        for p in periods[:limit]
    ]


def current_position() -> dict | None:
    """The plan in force, and per theme the counts by status in the latest published period."""
    plan = Plan.objects.in_force().first()
    if plan is None:
        return None
    latest = plan.periods.published().order_by("-starts_on").first()
    if latest is None:
        return {"plan": plan, "period": None, "themes": [], "legend": plan.legend()}
    report = reports.delivery_report(latest)
    return {"plan": plan, "period": latest, "themes": report.themes, "legend": plan.legend()}
