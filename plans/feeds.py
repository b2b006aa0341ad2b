from dataclasses import dataclass

from pcp_portal.feeds import Entry

from . import reports
from .models import Plan, ReportingPeriod, Theme


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


def feed_version(*, board_id: int | None = None) -> tuple:
    """Changes whenever `feed_entries` would. Periods are few (four a year): their labels and plans'
    titles are read as they are."""
    if board_id is not None:
        return ()
    return tuple(
        ReportingPeriod.objects.published()
        .order_by("pk")
        .values_list("pk", "label", "slug", "report_published_at", "plan__title")
    )


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
