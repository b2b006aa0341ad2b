"""Published delivery reports in the search index: every action's status and commentary."""

from pcp_portal import search

from .models import ReportingPeriod
from .reports import delivery_report


def report_document(period: ReportingPeriod) -> search.Document:
    report = delivery_report(period)
    lines, themes = [], []
    for block in report.themes:
        themes.append(block.theme.name)
        for row in block.rows:
            if row.assessment:
                lines.append(
                    f"{row.action.code} {row.action.text}: {row.assessment.get_status_display()}. "
                    f"{row.assessment.commentary}"
                )
    return search.Document(
        key=f"report:{period.pk}",
        kind="Delivery report",
        title=f"Delivery report {period.label}: {period.plan.title}",
        body="\n".join(lines),
        url=period.get_absolute_url(),
        published_at=period.report_published_at,
        year=period.ends_on.year,
        themes=tuple(themes),
    )


def update_report(period: ReportingPeriod) -> None:
    if period.is_closed:
        search.index(report_document(period))
    else:
        search.remove(f"report:{period.pk}")


def documents():
    for period in ReportingPeriod.objects.published().select_related("plan"):
        yield report_document(period)
