from dataclasses import dataclass

from pcp_portal.feeds import Entry, Source

from . import reports
from .models import Plan, ReportingPeriod, Theme


def report_heads(*, board_id=None, limit: int) -> list[tuple]:
    """Delivery reports belong to no board: they appear in the feed of everything only. An entry shows the
    period's label and its plan's title."""
    if board_id is not None:
        return []
    rows = ReportingPeriod.objects.published().order_by("-report_published_at", "-pk")
    return list(rows.values_list("report_published_at", "pk", "label", "slug", "plan__title")[:limit])


def report_entries(pks) -> list[Entry]:
    return [
        Entry(
            f"Delivery report {p.label}",
            p.get_absolute_url(),
            p.report_published_at,
            p.plan.title,
            "Delivery report",
            key=f"delivery-report/{p.pk}",
        )
        for p in ReportingPeriod.objects.published().filter(pk__in=pks).select_related("plan")
    ]


FEED_SOURCES = [Source(report_heads, report_entries)]


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
