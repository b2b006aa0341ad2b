from dataclasses import dataclass

from pcp_portal.feeds import Entry, Source

from . import reports
from .models import Plan, ReportingPeriod, Theme


def report_entry(p: dict) -> Entry:
    return Entry(
        f"Delivery report {p['label']}",
        ReportingPeriod.url_of(p["slug"]),
        p["report_published_at"],
        p["plan__title"],
        "Delivery report",
        key=f"delivery-report/{p['pk']}",
    )


# Delivery reports belong to no board: they appear in the feed of everything only. An entry shows the period's
# label and its plan's title.
FEED_SOURCES = [
    Source(
        public=ReportingPeriod.objects.published,
        board=None,
        published="report_published_at",
        related=("plan",),
        changes=("label", "slug", "plan__title"),
        entry=report_entry,
        # Not the period's stored figures, which are large and which the entry does not show.
        fields=("label", "slug", "plan__title"),
    )
]


@dataclass
class ThemePosition:
    theme: Theme
    counts: dict[str, int]


def current_position() -> dict | None:
    """The plan in force, and per theme the counts by status in the latest published period, as stored when
    its report was published."""
    # The latest published period of the plan in force (one plan at most is), read with its plan.
    latest = (
        ReportingPeriod.objects.published()
        .filter(plan__status=Plan.Status.IN_FORCE)
        .select_related("plan")
        .order_by("-starts_on")
        .first()
    )
    if latest is None:
        plan = Plan.objects.in_force().first()
        return None if plan is None else {"plan": plan, "period": None, "themes": [], "legend": plan.legend()}
    plan = latest.plan
    themes = {theme.pk: theme for theme in plan.themes.all()}
    figures = reports.stored_figures(latest)
    blocks = [ThemePosition(themes[b["theme"]], b["counts"]) for b in figures["themes"] if b["theme"] in themes]
    return {"plan": plan, "period": latest, "themes": blocks, "legend": plan.legend()}
