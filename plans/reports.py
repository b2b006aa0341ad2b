"""Delivery reports, dashboards and timelines, computed from the assessments.

Every function here runs a fixed number of queries whatever the number of
actions and periods: the assessments are read in one query and the
directions of travel are worked out in Python.
"""

from __future__ import annotations

import html
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from pcp_portal.spreadsheet import write_csv

from .models import RAG, Assessment, Direction, Plan, PriorityAction, ReportingPeriod, Theme
from .templatetags.plan_status import rag, travel

STATUSES = [value for value, _ in RAG.choices]
#: Each status's word and symbol, looked up for every one of a chart's hundreds of segments.
WORDS = dict(RAG.choices)
SYMBOLS = {status: RAG.symbol(status) for status in STATUSES}


@dataclass
class Row:
    action: PriorityAction
    assessment: Assessment | None
    previous: str | None
    direction: str | None

    @property
    def status(self) -> str | None:
        return self.assessment.status if self.assessment else None

    @property
    def changed(self) -> bool:
        return self.assessment is not None and self.previous is not None and self.previous != self.status


@dataclass
class ThemeBlock:
    theme: Theme
    rows: list[Row]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class DeliveryReport:
    period: ReportingPeriod
    previous_period: ReportingPeriod | None
    themes: list[ThemeBlock]
    totals: dict[str, int]
    unassessed: int

    @property
    def changes(self) -> list[Row]:
        return [row for block in self.themes for row in block.rows if row.changed]


def actions_in_force(plan: Plan, period: ReportingPeriod):
    return (
        PriorityAction.objects.filter(plan=plan)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=period.starts_on))
        .select_related("theme")
        .order_by("theme__position", "code")
    )


def _start(period: ReportingPeriod):
    return period.starts_on


def latest_statuses(periods: list[ReportingPeriod]) -> dict[int, str]:
    """Each action's status in the latest of `periods` (oldest first) that assessed it.

    Read from the statuses stored with each period's figures when its report was published (a published
    period is closed, so they are final); counted from the assessments, in one query, only for a period
    without them. Not every earlier assessment on every view."""
    unstored = [p.pk for p in periods if p.figures is None]
    counted: dict[int, dict[int, str]] = defaultdict(dict)
    if unstored:
        rows = Assessment.objects.filter(period__in=unstored).values_list("period_id", "action_id", "status")
        for period_id, action_id, status in rows:
            counted[period_id][action_id] = status
    statuses: dict[int, str] = {}
    for p in periods:
        if p.figures is None:
            statuses.update(counted[p.pk])
        else:
            statuses.update((int(pk), status) for pk, status in p.figures["statuses"].items())
    return statuses


def delivery_report(period: ReportingPeriod) -> DeliveryReport:
    plan = period.plan
    periods = {p.pk: p for p in ReportingPeriod.objects.comparable_with(period)}
    periods[period.pk] = period
    current = {assessment.action_id: assessment for assessment in Assessment.objects.filter(period=period)}
    before = latest_statuses(sorted((p for p in periods.values() if p.starts_on < period.starts_on), key=_start))
    blocks: dict[int, ThemeBlock] = {}
    for action in actions_in_force(plan, period):
        block = blocks.setdefault(action.theme_id, ThemeBlock(theme=action.theme, rows=[]))
        assessment = current.get(action.pk)
        previous = before.get(action.pk)
        direction = Direction.between(previous, assessment.status) if assessment else None
        block.rows.append(Row(action=action, assessment=assessment, previous=previous, direction=direction))
    totals: Counter = Counter()
    for block in blocks.values():
        block.counts = {s: sum(row.status == s for row in block.rows) for s in STATUSES}
        totals.update(block.counts)
    previous_period = max(
        (p for p in periods.values() if p.starts_on < period.starts_on), key=lambda p: p.starts_on, default=None
    )
    return DeliveryReport(
        period=period,
        previous_period=previous_period,
        themes=list(blocks.values()),
        totals={s: totals[s] for s in STATUSES},
        unassessed=sum(row.assessment is None for block in blocks.values() for row in block.rows),
    )


def period_figures(period: ReportingPeriod) -> dict:
    """What the public is shown of a period's position, worked out once, when its report is published, and
    stored on the period: per theme (in order, those with actions in force) the number of actions in each
    status, the totals, how many actions were not assessed, and each assessed action's status. The same counts
    as `delivery_report`, from the period's own assessments only (two queries)."""
    statuses = dict(period.assessments.values_list("action_id", "status"))
    themes: dict[int, dict[str, int]] = {}
    assessed: dict[str, str] = {}
    unassessed = 0
    for action in actions_in_force(period.plan, period):
        counts = themes.setdefault(action.theme_id, dict.fromkeys(STATUSES, 0))
        status = statuses.get(action.pk)
        if status is None:
            unassessed += 1
            continue
        counts[status] += 1
        assessed[str(action.pk)] = status
    return {
        "themes": [{"theme": theme_id, "counts": counts} for theme_id, counts in themes.items()],
        "totals": {s: sum(counts[s] for counts in themes.values()) for s in STATUSES},
        "unassessed": unassessed,
        "statuses": assessed,
    }


def stored_figures(period: ReportingPeriod) -> dict:
    """The period's figures as stored at publication; worked out now for a period not yet published (seen only
    in the workspace) or one published before figures were kept."""
    return period.figures if period.figures is not None else period_figures(period)


def report_csv(report: DeliveryReport) -> str:
    """The report as CSV, written by the same helper as the open-data CSVs, so no cell runs as a formula."""
    header = [
        "period",
        "theme",
        "code",
        "action",
        "status",
        "direction",
        "previous_status",
        "commentary",
        "assessed_by",
        "assessed_on",
    ]
    rows = []
    for block in report.themes:
        for row in block.rows:
            a = row.assessment
            rows.append(
                [
                    report.period.label,
                    block.theme.name,
                    row.action.code,
                    row.action.text,
                    a.get_status_display() if a else "",
                    Direction(row.direction).label if row.direction else "",
                    RAG(row.previous).label if row.previous else "",
                    a.commentary if a else "",
                    a.assessed_by if a else "",
                    a.assessed_on.isoformat() if a else "",
                ]
            )
    out = io.StringIO()
    write_csv(out, header, rows)
    return out.getvalue()


@dataclass
class DashboardColumn:
    period: ReportingPeriod
    counts: dict[str, int]


@dataclass
class DashboardTheme:
    theme: Theme
    columns: list[DashboardColumn]


def dashboard(plan: Plan, periods: list[ReportingPeriod]) -> list[DashboardTheme]:
    """Per theme, the number of actions in each status for each period: as stored when each period's report
    was published; counted from the assessments only for periods without stored figures (those still open, in
    the workspace), in one query."""
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for period in periods:
        for block in (period.figures or {}).get("themes", []):
            counts[(block["theme"], period.pk)] = block["counts"]
    unstored = [p for p in periods if p.figures is None]
    rows = (
        Assessment.objects.filter(period__in=unstored)
        .values("action__theme_id", "period_id", "status")
        .annotate(n=Count("pk"))
        if unstored
        else []
    )
    for row in rows:
        counts[(row["action__theme_id"], row["period_id"])][row["status"]] = row["n"]
    return [
        DashboardTheme(
            theme=theme,
            columns=[
                DashboardColumn(period=p, counts={s: counts[(theme.pk, p.pk)].get(s, 0) for s in STATUSES})
                for p in periods
            ],
        )
        for theme in plan.themes.all()
    ]


BAR_WIDTH, GAP, CHART_HEIGHT, TOP, LEFT = 26, 10, 160, 10, 60
FILL = {"R": "#b3261e", "A": "#b06000", "G": "#1e7b34", "B": "#1d4f91"}


def chart(theme: DashboardTheme) -> dict:
    """A stacked bar per period, as SVG shapes; each segment is labelled with its word and count."""
    top = max([sum(c.counts.values()) for c in theme.columns] + [1])
    scale = CHART_HEIGHT / top
    bars = []
    for index, column in enumerate(theme.columns):
        x = LEFT + index * (BAR_WIDTH + GAP)
        y = TOP + CHART_HEIGHT
        segments = []
        for status in STATUSES:
            n = column.counts[status]
            if not n:
                continue
            height = n * scale
            y -= height
            segments.append(
                {
                    "x": x,
                    "y": round(y, 1),
                    "height": round(height, 1),
                    "fill": FILL[status],
                    "symbol": SYMBOLS[status],
                    "label": f"{WORDS[status]}: {n}",
                    "n": n,
                    "text_y": round(y + height / 2 + 4, 1),
                }
            )
        bars.append({"x": x, "label": column.period.label, "segments": segments, "label_x": x + BAR_WIDTH / 2})
    width = LEFT + len(theme.columns) * (BAR_WIDTH + GAP) + 10
    return {
        "width": max(width, 200),
        "height": TOP + CHART_HEIGHT + 60,
        "bars": bars,
        "shapes": _shapes(bars, TOP + CHART_HEIGHT),
        "table_rows": _table_rows(theme.columns),
        "top": top,
        "axis_y": TOP + CHART_HEIGHT,
        "bar_width": BAR_WIDTH,
    }


def _shapes(bars: list[dict], axis_y: int) -> SafeString:
    """The bars as SVG: ten years of periods are some 600 shapes, which a template loop wrote ten times slower.
    Labels (a period's label, a status's word) are escaped (`html.escape`, which Django's `escape` calls, without
    its wrapper's cost a call); every other part is a number or a fixed colour."""
    parts = []
    label_y = axis_y + 14
    for bar in bars:
        label, x = html.escape(bar["label"]), bar["label_x"]
        for seg in bar["segments"]:
            parts.append(
                f'<rect x="{seg["x"]}" y="{seg["y"]}" width="{BAR_WIDTH}" height="{seg["height"]}" fill="{seg["fill"]}"'
                f' stroke="#fff"><title>{label} – {html.escape(seg["label"])}</title></rect>'
            )
            if seg["height"] >= 14:
                parts.append(
                    f'<text class="seg-label" x="{x}" y="{seg["text_y"]}" text-anchor="middle">'
                    f"{html.escape(seg['symbol'])}{seg['n']}</text>"
                )
        parts.append(
            f'<text x="{x}" y="{label_y}" text-anchor="end" transform="rotate(-45 {x} {label_y})">{label}</text>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - numbers, fixed colours and escaped labels


def _table_rows(columns: list[DashboardColumn]) -> SafeString:
    """The figures under the chart, a row a period and a cell a status in the legend's order, written as
    `_shapes` writes the bars: 160 rows of five cells a theme were most of the dashboard's time in a template
    loop. The period's label is escaped; the counts are numbers."""
    rows = (
        f'<tr><th scope="row">{html.escape(column.period.label)}</th>'
        + "".join(f"<td>{column.counts[status]}</td>" for status in STATUSES)
        + "</tr>"
        for column in columns
    )
    return mark_safe("".join(rows))  # noqa: S308 - numbers and an escaped label


@dataclass
class TimelineEntry:
    period: ReportingPeriod
    assessment: Assessment
    direction: str | None


def comparisons(periods) -> dict[int, set[int]]:
    """Period pk -> the pks of those of `periods` its report compares with (`ReportingPeriod.compares_with`)."""
    return {p.pk: {other.pk for other in periods if p.compares_with(other)} for p in periods}


def previous_status(comparable: set[int], assessed: list[tuple[int, str]]) -> str | None:
    """The status a period's direction of travel is measured from, as its delivery report measures it: of
    `assessed` (the pks of the periods that assessed the action, oldest first, each with its status there),
    that of the latest the period compares with (`comparable`, from `comparisons`)."""
    return next((status for pk, status in reversed(assessed) if pk in comparable), None)


def timeline(action: PriorityAction, periods: list[ReportingPeriod]) -> list[TimelineEntry]:
    """The action's assessments in `periods`, oldest first, each with the direction its report gave it."""
    assessments = {a.period_id: a for a in Assessment.objects.filter(action=action, period__in=periods)}
    entries: list[TimelineEntry] = []
    assessed: list[tuple[ReportingPeriod, str]] = []
    for period in sorted(periods, key=_start):
        if (assessment := assessments.get(period.pk)) is not None:
            # As `previous_status`, asking only the periods back to the one compared with (the one before, as a
            # rule), not every pair of forty periods.
            previous = next((status for other, status in reversed(assessed) if period.compares_with(other)), None)
            entries.append(TimelineEntry(period, assessment, Direction.between(previous, assessment.status)))
            assessed.append((period, assessment.status))
    return entries


def timeline_rows(entries: list[TimelineEntry]) -> SafeString:
    """An action's timeline as table rows, written as `_table_rows` writes the dashboard's: forty rows of five
    cells were most of the action page's template time. Every text is escaped; the badges are `rag` and
    `travel`'s own markup."""
    return mark_safe(  # noqa: S308 - built with format_html
        "".join(
            format_html(
                '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
                entry.period.get_absolute_url(),
                entry.period.label,
                rag(entry.assessment.status),
                travel(entry.direction),
                entry.assessment.commentary,
                entry.assessment.assessed_by,
            )
            for entry in entries
        )
    )


def red_actions(plan: Plan, period: ReportingPeriod | None) -> list[Assessment]:
    if period is None:
        return []
    return list(
        Assessment.objects.filter(period=period, status=RAG.RED)
        .select_related("action__theme")
        .order_by("action__code")
    )
