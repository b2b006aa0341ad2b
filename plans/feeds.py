from dataclasses import dataclass

from pcp_portal.feeds import Entry, Source

from . import reports
from .models import Plan, ReportingPeriod, Theme


def report_rows(board_id=None):
    """Delivery reports belong to no board: they appear in the feed of everything only."""
    periods = ReportingPeriod.objects.published()
    if board_id is not None:
        return periods.none()
    return periods.order_by("-report_published_at", "-pk").select_related("plan")


def report_entry(p: ReportingPeriod) -> Entry:
    return Entry(
        f"Delivery report {p.label}",
        p.get_absolute_url(),
        p.report_published_at,
        p.plan.title,
        "Delivery report",
        key=f"delivery-report/{p.pk}",
    )


# An entry shows the period's label and its plan's title.
FEED_SOURCES = [Source(report_rows, ("report_published_at", "pk", "label", "slug", "plan__title"), report_entry)]


@dataclass
class ThemePosition:
    theme: Theme
    counts: dict[str, int]


def current_position() -> dict | None:
    """The plan in force, and per theme the counts by status in the latest published period, as stored when
    its report was published."""
    plan = Plan.objects.in_force().first()
    if plan is None:
        return None
    latest = plan.periods.published().order_by("-starts_on").first()
    if latest is None:
        return {"plan": plan, "period": None, "themes": [], "legend": plan.legend()}
    themes = {theme.pk: theme for theme in plan.themes.all()}
    figures = reports.stored_figures(latest)
    blocks = [ThemePosition(themes[b["theme"]], b["counts"]) for b in figures["themes"] if b["theme"] in themes]
    return {"plan": plan, "period": latest, "themes": blocks, "legend": plan.legend()}
